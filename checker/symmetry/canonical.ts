/**
 * The canonical representative of an orbit: of a state and every renaming of its threads within
 * the model's symmetry groups, the one whose encoding is least (word by word, the first word
 * most significant). Two states that differ only in which thread is which have the same one.
 *
 * With a `signature`, only the renamings that sort each group's threads by signature are tried
 * (every order of threads with equal signatures): since a signature travels with its thread, the
 * renamings of two states of one orbit that sort them give the same set of states, so the least
 * of those is still one state per orbit, at the cost of (ties)! permutations instead of n!.
 */
import type { Symmetry } from '../../model/core/model.js';
import type { StateCodec } from '../../model/core/shape/codec.js';
import { describeThrown } from '../errors.js';
import { arrangements, groupPermutations } from './permutations.js';

/**
 * What {@link Canonicalizer.encodeHashAt} returns when `permute` or `signature` threw, or
 * `permute` left the shape ({@link Canonicalizer.problem} says why).
 *
 * @example
 * if (canon.encodeHashAt(t, words, 0) === PERMUTE_FAILED) fail(canon.problem);
 */
export const PERMUTE_FAILED = -2;

/**
 * Encodes states as their orbit's canonical representative.
 *
 * @example
 * const canon = new Canonicalizer(codec, model.symmetry!);
 * const hash = canon.encodeHashAt(state, words, 0); // words[0…codec.words) hold the least encoding
 */
export class Canonicalizer<S> {
  /** Every permutation within the groups, the identity first. */
  readonly perms: readonly (readonly number[])[];
  /** Why the last {@link encodeHashAt} returned {@link PERMUTE_FAILED}. */
  problem: string | undefined;
  private readonly trial: Uint32Array;
  /** Signature mode: the permutation being built, the threads' signatures, each group's sorted order, and the tied runs (group, start, length). */
  private readonly perm: number[];
  private readonly sigs: Float64Array;
  private readonly orders: number[][];
  private readonly runs: number[] = [];
  /** Per run length k, every arrangement of 0..k−1. */
  private readonly arrangementsOf: number[][][] = [];
  /** Signature mode: the state being canonicalized, where its canonical words go, and whether a candidate was kept yet. */
  private t: S | undefined;
  private buf: Uint32Array;
  private offset = 0;
  private kept = false;
  /** Signature mode: the hash of the candidate kept. */
  private hash = 0;

  constructor(
    private readonly codec: StateCodec<S>,
    private readonly symmetry: Symmetry<S>,
  ) {
    this.perms = groupPermutations(symmetry.groups);
    this.trial = new Uint32Array(codec.words);
    this.buf = this.trial;
    this.perm = this.perms[0].slice();
    this.sigs = new Float64Array(this.perm.length);
    this.orders = symmetry.groups.map((g) => g.map((_, j) => j));
    for (let k = 0; k <= Math.max(0, ...symmetry.groups.map((g) => g.length)); k++) this.arrangementsOf.push(arrangements(k));
  }

  /**
   * Encodes the canonical representative of `t`'s orbit into `buf[offset…offset + words)` and
   * returns its hash; -1 when `t` itself is outside the shape, {@link PERMUTE_FAILED} when a
   * permutation of it threw or is outside the shape.
   */
  encodeHashAt(t: S, buf: Uint32Array, offset: number): number {
    const codec = this.codec;
    const words = codec.words;
    if (this.symmetry.signature !== undefined) return this.sortedLeast(t, buf, offset);
    let hash = codec.encodeHashAt(t, buf, offset);
    if (hash < 0) return -1;
    const perms = this.perms;
    const trial = this.trial;
    for (let p = 1; p < perms.length; p++) {
      let u: S;
      try {
        u = this.symmetry.permute(t, perms[p]);
      } catch (e) {
        this.problem = permuteThrew(perms[p], e);
        return PERMUTE_FAILED;
      }
      const h = codec.encodeHashAt(u, trial, 0);
      if (h < 0) {
        this.problem = permuteLeftShape(perms[p]);
        return PERMUTE_FAILED;
      }
      let w = 0;
      while (w < words && trial[w] === buf[offset + w]) w++;
      if (w < words && trial[w] < buf[offset + w]) {
        buf.set(trial, offset);
        hash = h;
      }
    }
    return hash;
  }

  /**
   * Signature mode: sorts each group's threads by signature into {@link perm} and tries every
   * order of the tied ones ({@link tryRuns}). When a renaming is outside the shape, `t` is
   * encoded itself to tell whether `t` is (-1) or only its renaming ({@link PERMUTE_FAILED}).
   */
  private sortedLeast(t: S, buf: Uint32Array, offset: number): number {
    const groups = this.symmetry.groups;
    const perm = this.perm;
    const sigs = this.sigs;
    const runs = this.runs;
    runs.length = 0;
    try {
      for (let gi = 0; gi < groups.length; gi++) {
        const g = groups[gi];
        const order = this.orders[gi];
        for (let j = 0; j < g.length; j++) {
          sigs[g[j]] = this.symmetry.signature!(t, g[j]);
          order[j] = j;
        }
        // Insertion sort of the group's positions by signature (groups are small).
        for (let j = 1; j < g.length; j++) {
          const x = order[j];
          const sx = sigs[g[x]];
          let i = j - 1;
          while (i >= 0 && sigs[g[order[i]]] > sx) {
            order[i + 1] = order[i];
            i--;
          }
          order[i + 1] = x;
        }
        for (let j = 0; j < g.length; j++) perm[g[order[j]]] = g[j];
        for (let j = 0; j < g.length; ) {
          let end = j + 1;
          while (end < g.length && sigs[g[order[end]]] === sigs[g[order[j]]]) end++;
          if (end - j > 1) runs.push(gi, j, end - j);
          j = end;
        }
      }
    } catch (e) {
      this.problem = `symmetry.signature threw: ${describeThrown(e)}`;
      return PERMUTE_FAILED;
    }
    this.t = t;
    this.buf = buf;
    this.offset = offset;
    this.kept = false;
    const ok = this.tryRuns(0);
    this.t = undefined;
    if (ok) return this.hash;
    return this.codec.encodeHashAt(t, buf, offset) < 0 ? -1 : PERMUTE_FAILED;
  }

  /** Tries every order of the tied runs from `r` on (with the earlier runs as {@link perm} has them); false when `permute` failed. */
  private tryRuns(r: number): boolean {
    const runs = this.runs;
    if (r === runs.length) return this.tryPerm();
    const g = this.symmetry.groups[runs[r]];
    const order = this.orders[runs[r]];
    const start = runs[r + 1];
    const length = runs[r + 2];
    const perm = this.perm;
    for (const arrangement of this.arrangementsOf[length]) {
      for (let x = 0; x < length; x++) perm[g[order[start + x]]] = g[start + arrangement[x]];
      if (!this.tryRuns(r + 3)) return false;
    }
    return true;
  }

  /**
   * Encodes `t` renamed by {@link perm} and keeps it when it is the first candidate or less than
   * the one kept. The first candidate (without ties, the only one) is encoded straight into the
   * caller's buffer: there is nothing yet to compare it with.
   */
  private tryPerm(): boolean {
    const perm = this.perm;
    const t = this.t!;
    const buf = this.buf;
    const offset = this.offset;
    let identity = true;
    for (let i = 0; i < perm.length && identity; i++) identity = perm[i] === i;
    let u: S;
    try {
      u = identity ? t : this.symmetry.permute(t, perm);
    } catch (e) {
      this.problem = permuteThrew(perm, e);
      return false;
    }
    const first = !this.kept;
    const trial = this.trial;
    const h = first ? this.codec.encodeHashAt(u, buf, offset) : this.codec.encodeHashAt(u, trial, 0);
    if (h < 0) {
      // When `t` itself is outside the shape, the caller finds that out by encoding it.
      if (!identity) this.problem = permuteLeftShape(perm);
      return false;
    }
    if (first) {
      this.hash = h;
      this.kept = true;
      return true;
    }
    const words = this.codec.words;
    let w = 0;
    while (w < words && trial[w] === buf[offset + w]) w++;
    if (w < words && trial[w] < buf[offset + w]) {
      buf.set(trial, offset);
      this.hash = h;
    }
    return true;
  }

  /**
   * The canonical encoding of `s` as a fresh array, or undefined when `s` or a permutation of it
   * is outside the shape (or `permute` threw).
   *
   * @example
   * const same = equalWords(canon.wordsOf(a)!, canon.wordsOf(b)!, codec.words); // a and b in one orbit
   */
  wordsOf(s: S): Uint32Array | undefined {
    const out = new Uint32Array(this.codec.words);
    return this.encodeHashAt(s, out, 0) < 0 ? undefined : out;
  }
}

/** {@link Canonicalizer.problem} when `permute(state, perm)` threw `e`. */
function permuteThrew(perm: readonly number[], e: unknown): string {
  return `symmetry.permute(state, [${perm.join(', ')}]) threw: ${describeThrown(e)}`;
}

/** {@link Canonicalizer.problem} when `permute(state, perm)` returned a state outside the shape. */
function permuteLeftShape(perm: readonly number[]): string {
  return `symmetry.permute(state, [${perm.join(', ')}]) returned a state outside the declared shape`;
}

/**
 * Whether the first `n` words of `a` and `b` are equal.
 *
 * @example
 * equalWords(codec.encode(s), store.wordsOf(i), codec.words);
 */
export function equalWords(a: Uint32Array, b: Uint32Array, n: number): boolean {
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}
