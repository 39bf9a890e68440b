/**
 * A copy of `xs` with element `i` replaced by `v`: the one-line immutable update every `next`
 * needs for per-thread arrays.
 *
 * @example
 * replaceAt(['idle', 'idle'], 1, 'waiting'); // ['idle', 'waiting']
 */
export function replaceAt<X>(xs: readonly X[], i: number, v: X): X[] {
  const out = xs.slice();
  out[i] = v;
  return out;
}
