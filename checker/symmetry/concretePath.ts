/**
 * Mapping a path of canonical states (what a search with symmetry reduction stores) back to a
 * path of concrete states that replays through the unreduced model, step for step and as short.
 *
 * From the concrete initial state, each step takes the first enabled action whose successor's
 * canonical form is the next stored state: one exists because `permute` commutes with `next`
 * (the concrete state is a renaming of the stored one, so is each successor). A trace found this
 * way has as many steps as the stored path, and the stored path is a shortest one, since
 * renaming threads preserves distances from the initial states' orbits.
 */
import type { Action, Model } from '../../model/core/model.js';
import type { StateCodec } from '../../model/core/shape/codec.js';
import { ReplayError } from '../errors.js';
import type { ExpectedWords } from '../replay.js';
import type { TracePath } from '../trace.js';
import { equalWords, type Canonicalizer } from './canonical.js';

/**
 * A concrete path: the action indices in the unreduced model, the encodings of its states (for
 * `replay` to compare with), and, when a last action was asked for, its concrete index.
 *
 * @example
 * const c: ConcretePath = { path: { init: 0, actions: [2, 0] }, expected: (i) => words[i], finalAction: 1 };
 */
export interface ConcretePath {
  readonly path: TracePath;
  readonly expected: ExpectedWords;
  readonly finalAction?: number;
}

const BROKEN =
  'symmetry.permute does not commute with next (or the model is not deterministic): renaming threads in a state must give a state whose successors are the renamed successors';

/**
 * The concrete path through `model` whose states are, one by one, in the orbits of the stored
 * canonical states `stored(0)`, …, `stored(length − 1)`, starting from initial state `init`.
 * With `finalAction` (an action index of the last stored state), also the action of the last
 * concrete state that is its renaming: the one whose transition is the stored transition with
 * threads renamed (for a step property or a model error), found by its outcome.
 *
 * @example
 * const c = concretePath(model, codec, canon, 0, (i) => store.wordsOf(chain[i]), chain.length);
 * const trace = replay(model, c.path, c.expected, codec);
 */
export function concretePath<S, A extends Action>(
  model: Model<S, A>,
  codec: StateCodec<S>,
  canon: Canonicalizer<S>,
  init: number,
  stored: (i: number) => Uint32Array,
  length: number,
  finalAction?: number,
): ConcretePath {
  const words = codec.words;
  let c = model.init()[init];
  const concrete: Uint32Array[] = [codec.encode(c)];
  const actions: number[] = [];
  for (let i = 1; i < length; i++) {
    const target = stored(i);
    const acts = model.actions(c);
    let found = -1;
    for (let b = 0; b < acts.length && found < 0; b++) {
      const t = model.next(c, acts[b]);
      const w = canon.wordsOf(t);
      if (w !== undefined && equalWords(w, target, words)) {
        found = b;
        c = t;
      }
    }
    if (found < 0) throw new ReplayError('IPC003', `rebuilding the concrete trace, no action of step ${i}'s state leads to the state the search stored: ${BROKEN}`);
    actions.push(found);
    concrete.push(codec.encode(c));
  }
  const expected: ExpectedWords = (i) => concrete[i];
  if (finalAction === undefined) return { path: { init, actions }, expected };
  return { path: { init, actions }, expected, finalAction: matchingAction(model, codec, canon, c, codec.decode(stored(length - 1), 0), finalAction) };
}

/** How a transition ends: the successor's encoding, or that `next` threw or left the shape. */
type Outcome = Uint32Array | 'threw' | 'shape';

function outcomeOf<S, A extends Action>(model: Model<S, A>, codec: StateCodec<S>, s: S, a: A, rename?: (t: S) => S): Outcome {
  let t: S;
  try {
    t = model.next(s, a);
  } catch {
    return 'threw';
  }
  try {
    return codec.encode(rename ? rename(t) : t);
  } catch {
    return 'shape';
  }
}

/**
 * The action of concrete state `c` that is stored state `r`'s action `ai` with threads renamed:
 * among the renamings taking `c` to `r`, one takes its successor to `r`'s successor (or, when
 * `r`'s action throws or leaves the shape, the first of `c`'s that does the same).
 */
function matchingAction<S, A extends Action>(model: Model<S, A>, codec: StateCodec<S>, canon: Canonicalizer<S>, c: S, r: S, ai: number): number {
  const words = codec.words;
  const want = outcomeOf(model, codec, r, model.actions(r)[ai]);
  const rWords = codec.encode(r);
  const permute = model.symmetry!.permute;
  const toR = canon.perms.filter((perm) => {
    try {
      return equalWords(codec.encode(permute(c, perm)), rWords, words);
    } catch {
      return false;
    }
  });
  const acts = model.actions(c);
  for (let b = 0; b < acts.length; b++) {
    for (const perm of toR) {
      const got = outcomeOf(model, codec, c, acts[b], (t) => permute(t, perm));
      if (typeof want === 'string' ? got === want : typeof got !== 'string' && equalWords(got, want, words)) return b;
    }
  }
  throw new ReplayError('IPC003', `rebuilding the concrete trace, no action of its last state matches the stored last step: ${BROKEN}`);
}
