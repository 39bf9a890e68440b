/**
 * During a search with symmetry reduction, on the states re-expanded to check determinism (every
 * 32nd of a level by default), the renaming is checked as well: the state is renamed by one of
 * the groups' generators (in turn); the state properties must judge the two alike and each
 * thread's signature must travel with it; then the renamed state is expanded and the canonical
 * forms of its successors compared with those of the state's own successors. They are the same
 * orbits when renaming commutes with `next`. When any of this fails, a property is asymmetric or
 * the symmetry (declared, or derived from a sample) breaks its contract somewhere the start-up
 * sample did not reach, and the search stops with model error IPC008 instead of deciding on a
 * wrong reduced graph.
 */
import type { Action, Model } from '../../model/core/model.js';
import { describeThrown } from '../errors.js';
import type { Canonicalizer } from './canonical.js';
import { signatureBreak, stateAsymmetry } from './sampleCheck.js';

/**
 * A string key of `words[at…at + n)`, for comparing sets of encodings.
 *
 * @example
 * wordsKey(new Uint32Array([1, 2]), 0, 2) === wordsKey(new Uint32Array([9, 1, 2]), 1, 2); // true
 */
export function wordsKey(words: Uint32Array, at: number, n: number): string {
  let key = '';
  for (let i = 0; i < n; i++) key += String.fromCharCode(words[at + i] & 0xffff, words[at + i] >>> 16);
  return key;
}

/**
 * Why renaming `s` by `perm` shows a property asymmetric or the symmetry breaking its contract at
 * `s`: a state property that judges `s` and its renaming apart, a signature that does not travel
 * with its thread, or successors that are not the same orbits, judged by their canonical forms
 * (`ours`: those of `s`, as keys). The whole message, with the fix; undefined when all agree.
 *
 * @example
 * const why = renamedSuccessorsDiffer(model, canon, s, [1, 0], oursKeys, words);
 * if (why !== undefined) fail('IPC008', why);
 */
export function renamedSuccessorsDiffer<S, A extends Action>(
  model: Model<S, A>,
  canon: Canonicalizer<S>,
  s: S,
  perm: readonly number[],
  ours: readonly string[],
  words: number,
): string | undefined {
  const noCommute = (what: string) =>
    `${what}: renaming threads does not commute with next() here, so symmetry.permute (or the groups) breaks its contract; see Symmetry in the API, or run without --symmetry (symmetry: false)`;
  const renamed = `the state with threads renamed by [${perm.join(', ')}]`;
  const theirs = new Set<string>();
  try {
    const u = model.symmetry!.permute(s, perm);
    const asymmetric = stateAsymmetry(model, s, u, perm) ?? signatureBreak(model.symmetry!, s, u, perm);
    if (asymmetric !== undefined) return asymmetric;
    for (const a of model.actions(u)) {
      const t = model.next(u, a);
      if (model.withinBounds !== undefined && !model.withinBounds(t)) continue;
      const w = canon.wordsOf(t);
      if (w === undefined) return noCommute(`a successor of ${renamed} is outside the shape, or renaming it failed`);
      theirs.add(wordsKey(w, 0, words));
    }
  } catch (e) {
    return noCommute(`expanding ${renamed} threw: ${describeThrown(e)}`);
  }
  const mine = new Set(ours);
  for (const k of mine) if (!theirs.has(k)) return noCommute(`a successor of this state has no renamed counterpart among the successors of ${renamed}`);
  for (const k of theirs) if (!mine.has(k)) return noCommute(`a successor of ${renamed} has no counterpart among the successors of this state`);
  return undefined;
}
