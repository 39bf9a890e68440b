/**
 * The permutations a model's symmetry allows: every way of renaming threads within their groups.
 */

/**
 * The largest number of permutations a check enumerates: 8! (one group of eight, or 5! × 3! × …).
 *
 * @example
 * groupPermutations(groups).length <= MAX_PERMUTATIONS; // for groups groupsProblem accepts
 */
export const MAX_PERMUTATIONS = 40_320;

/**
 * Why `groups` cannot describe a symmetry (no group of two threads, an index that is not a whole
 * number ≥ 0, or in two groups; too many permutations), or undefined when they can. `explain`
 * (the symmetry's own account of its groups) goes into the first message.
 *
 * @example
 * groupsProblem([[0, 1], [1, 2]]); // 'thread 1 is in two groups …'
 */
export function groupsProblem(groups: readonly (readonly number[])[], explain?: string): string | undefined {
  if (!groups.some((g) => g.length > 1)) {
    return `symmetry.groups has no group of two or more threads${explain !== undefined ? ` (${explain})` : ''}, so symmetry reduction would store every state as it is: check without symmetry`;
  }
  const seen = new Set<number>();
  let count = 1;
  for (const g of groups) {
    for (const t of g) {
      if (!Number.isSafeInteger(t) || t < 0) return `symmetry.groups: thread index ${String(t)} is not a whole number ≥ 0`;
      if (seen.has(t)) return `symmetry.groups: thread ${t} is in two groups (or twice in one); each thread belongs to one group at most`;
      seen.add(t);
    }
    for (let k = 2; k <= g.length; k++) count *= k;
    if (count > MAX_PERMUTATIONS) {
      return `symmetry.groups allow more than ${MAX_PERMUTATIONS} permutations: every successor is permuted every way, so groups this large would cost more than they save`;
    }
  }
  return undefined;
}

/**
 * How many permutations `groups` allow: the product of their sizes' factorials.
 *
 * @example
 * countPermutations([[0, 1, 2], [3, 4]]); // 12
 */
export function countPermutations(groups: readonly (readonly number[])[]): number {
  let count = 1;
  for (const g of groups) for (let k = 2; k <= g.length; k++) count *= k;
  return count;
}

/**
 * Every permutation within `groups`, the identity first, each over the threads 0..n−1 (n one
 * more than the largest index in a group): `perm[i]` is the thread `i` becomes.
 *
 * @example
 * groupPermutations([[0, 1], [2, 3]]); // [[0,1,2,3], [0,1,3,2], [1,0,2,3], [1,0,3,2]]
 */
export function groupPermutations(groups: readonly (readonly number[])[]): number[][] {
  let n = 0;
  for (const g of groups) for (const t of g) n = Math.max(n, t + 1);
  let perms: number[][] = [Array.from({ length: n }, (_, i) => i)];
  for (const g of groups) {
    const next: number[][] = [];
    for (const base of perms) {
      for (const order of arrangements(g.length)) {
        const perm = base.slice();
        for (let k = 0; k < g.length; k++) perm[g[k]] = g[order[k]];
        next.push(perm);
      }
    }
    perms = next;
  }
  return perms;
}

/**
 * Every arrangement of 0..k−1, in lexicographic order (the identity first).
 *
 * @example
 * arrangements(3); // [[0,1,2], [0,2,1], [1,0,2], [1,2,0], [2,0,1], [2,1,0]]
 */
export function arrangements(k: number): number[][] {
  if (k === 0) return [[]];
  const out: number[][] = [];
  for (const rest of arrangements(k - 1)) {
    for (let at = rest.length; at >= 0; at--) out.push([...rest.slice(0, at), k - 1, ...rest.slice(at)]);
  }
  return out.sort((a, b) => {
    for (let i = 0; i < k; i++) if (a[i] !== b[i]) return a[i] - b[i];
    return 0;
  });
}
