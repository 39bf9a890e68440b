/**
 * Before a search with symmetry reduction: on a sample of states (the initial states and the
 * first ones reached, breadth-first, without reduction), checks that every renaming of threads
 * the symmetry allows keeps each property's verdict and the model's transitions, so that an
 * asymmetric property or a `permute` that does not commute with `next` is refused with a message
 * that names it instead of giving a wrong verdict. The sample is small, so that it costs little
 * of a search that is short once reduced; the search itself goes on checking the state
 * properties and the renaming on a share of the states it expands (./spotCheck.ts).
 */
import type { Action, Model, Symmetry } from '../../model/core/model.js';
import type { StateCodec } from '../../model/core/shape/codec.js';
import { describeThrown } from '../errors.js';

/**
 * How many states the check looks at: the initial states and the first ones reached, breadth
 * first, up to this many in all (or every initial state, if there are more). The first 50 are
 * renamed by every generator ({@link generators}), the others by one generator each, in turn.
 *
 * @example
 * symmetryProblem(model, codec, SAMPLE_STATES); // the same as the default
 */
export const SAMPLE_STATES = 200;

/** The first states of the sample are renamed by every generator; the others by one each, in turn. */
const EVERY_GENERATOR = 50;

/**
 * The renamings the sample is checked under: for each group of two or more threads, the swap of
 * its first two and the rotation of all of them (one step). They generate every permutation the
 * groups allow, so a property or a `permute` that keeps to them keeps to all; checking the
 * generators costs a few renamings a state instead of n!.
 *
 * @example
 * generators([[0, 1, 2]]); // [[1, 0, 2], [1, 2, 0]]
 */
export function generators(groups: readonly (readonly number[])[]): number[][] {
  let n = 0;
  for (const g of groups) for (const t of g) n = Math.max(n, t + 1);
  const identity = Array.from({ length: n }, (_, i) => i);
  const out: number[][] = [];
  for (const g of groups) {
    if (g.length < 2) continue;
    const swap = identity.slice();
    swap[g[0]] = g[1];
    swap[g[1]] = g[0];
    out.push(swap);
    if (g.length < 3) continue;
    const rotate = identity.slice();
    for (let k = 0; k < g.length; k++) rotate[g[k]] = g[(k + 1) % g.length];
    out.push(rotate);
  }
  return out;
}

/**
 * What the sample found wrong: the property or the part of the contract, said in a sentence,
 * and the state it was seen on.
 *
 * @example
 * const p: SymmetryProblem<S> = { message: "property 'client 1 runs first' is not symmetric: …", state: s };
 */
export interface SymmetryProblem<S> {
  readonly message: string;
  readonly state: S;
}

const RUN_WITHOUT = 'run without --symmetry (symmetry: false)';

/** How the messages name a state's renaming by `perm`. */
const renamedBy = (perm: readonly number[]) => `the same state with threads renamed by [${perm.join(', ')}]`;

/**
 * The key of a state in the sample's sets: its encoding as a short string (two characters a
 * word). A state outside its shape throws, which ends the sample: the search reports it.
 */
function keyer<S>(codec: StateCodec<S>): (s: S) => string {
  const words = new Uint32Array(codec.words);
  const halves = new Uint16Array(words.buffer);
  return (s) => {
    if (codec.encodeHashAt(s, words, 0) < 0) throw new RangeError('a state outside its shape');
    return String.fromCharCode.apply(null, halves as unknown as number[]);
  };
}

/**
 * Checks the properties of `model` and its `symmetry` contract on a sample; returns the first
 * problem found, or undefined.
 *
 * @example
 * const problem = symmetryProblem(model, new StateCodec(model.shape));
 * if (problem) fail('IPC008', problem.message);
 */
export function symmetryProblem<S, A extends Action>(model: Model<S, A>, codec: StateCodec<S>, samples = SAMPLE_STATES): SymmetryProblem<S> | undefined {
  const symmetry = model.symmetry!;
  const perms = generators(symmetry.groups);
  if (perms.length === 0) return undefined;
  try {
    const keyOf = keyer(codec);
    const scratch = new Uint32Array(codec.words);
    const inits = model.init();
    const limit = Math.max(inits.length, samples);
    const seen = new Set<string>();
    const queue: S[] = [];
    for (const s of inits) {
      const k = keyOf(s);
      if (!seen.has(k) && queue.length < limit) (seen.add(k), queue.push(s));
    }
    for (let i = 0; i < queue.length; i++) {
      const s = queue[i];
      const acts = model.actions(s);
      const succ = acts.map((a) => model.next(s, a));
      for (const t of succ) {
        if (queue.length >= limit) break;
        if (model.withinBounds !== undefined && !model.withinBounds(t)) continue;
        const k = keyOf(t);
        if (!seen.has(k)) (seen.add(k), queue.push(t));
      }
      // Every generator on the first states, then one in turn on each of the others.
      const all = i < EVERY_GENERATOR;
      for (let p = all ? 0 : i % perms.length; p < (all ? perms.length : (i % perms.length) + 1); p++) {
        const permute = (x: S) => {
          let u: S;
          try {
            u = symmetry.permute(x, perms[p]);
          } catch (e) {
            throw new PermuteThrew(`symmetry.permute(state, [${perms[p].join(', ')}]) threw: ${describeThrown(e)}`, x);
          }
          if (codec.encodeHashAt(u, scratch, 0) < 0) throw new PermuteThrew(`symmetry.permute(state, [${perms[p].join(', ')}]) returned a state outside the declared shape`, x);
          return u;
        };
        const problem = compare(model, keyOf, s, acts, succ, perms[p], permute(s), permute);
        if (problem !== undefined) return { message: problem, state: s };
      }
    }
  } catch (e) {
    if (e instanceof PermuteThrew) return { message: `${e.message}: symmetry.permute breaks its contract; ${RUN_WITHOUT}`, state: e.state as S };
    // The model itself threw (or left its shape): the search reports that, with its trace.
    return undefined;
  }
  return undefined;
}

/** `permute` threw while the sample was checked (told apart from the model's own functions throwing). */
class PermuteThrew extends Error {
  constructor(
    message: string,
    readonly state: unknown,
  ) {
    super(message);
  }
}

/**
 * Why a state property of `model` is not symmetric, judged on `s` and `u` (`s` with its threads
 * renamed by `perm`): the first property whose verdict (or measure, or valid end) differs
 * between them, named in a message that says the fix; undefined when none does. Properties over
 * transitions are judged by the sample alone, which has the successors at hand.
 *
 * @example
 * const why = stateAsymmetry(model, s, model.symmetry!.permute(s, [1, 0]), [1, 0]);
 * if (why !== undefined) fail('IPC008', why);
 */
export function stateAsymmetry<S, A extends Action>(model: Model<S, A>, s: S, u: S, perm: readonly number[]): string | undefined {
  const asymmetric = (name: string, what: string) =>
    `property '${name}' is not symmetric: ${what} in a state and not in ${renamedBy(perm)}, so symmetry reduction would decide it wrongly; ` +
    `state it alike for every interchangeable thread, or ${RUN_WITHOUT}`;
  for (const prop of model.properties) {
    switch (prop.kind) {
      case 'always':
      case 'sometimes':
        if (prop.holds(s) !== prop.holds(u)) return asymmetric(prop.name, 'it holds');
        break;
      case 'bounded':
        if (prop.measure(s) !== prop.measure(u)) return asymmetric(prop.name, `its measure is ${prop.measure(s)}`);
        break;
      case 'deadlockFree':
        if (prop.validEnd(s) !== prop.validEnd(u)) return asymmetric(prop.name, 'validEnd holds');
        break;
      default:
        break;
    }
  }
  return undefined;
}

/**
 * Why the symmetry's `signature` breaks its contract on `s` and `u` (`s` with its threads renamed
 * by `perm`): a thread whose signature does not travel with it; undefined when every one does, or
 * the symmetry has no signature.
 *
 * @example
 * const why = signatureBreak(model.symmetry!, s, model.symmetry!.permute(s, [1, 0]), [1, 0]);
 */
export function signatureBreak<S>(symmetry: Symmetry<S>, s: S, u: S, perm: readonly number[]): string | undefined {
  const signature = symmetry.signature;
  if (signature === undefined) return undefined;
  for (const g of symmetry.groups) {
    for (const i of g) {
      if (signature(u, perm[i]) !== signature(s, i)) {
        return `symmetry.signature breaks its contract: thread ${i}'s signature is ${signature(s, i)} in a state and thread ${perm[i]}'s is ${signature(u, perm[i])} in ${renamedBy(perm)} (a signature must travel with its thread and name no other thread); see Symmetry in the API, or ${RUN_WITHOUT}`;
      }
    }
  }
  return undefined;
}

/** The first difference between `s` (its actions and successors given) and `u`, `s` with threads renamed by `perm`. */
function compare<S, A extends Action>(
  model: Model<S, A>,
  keyOf: (s: S) => string,
  s: S,
  acts: readonly A[],
  succ: readonly S[],
  perm: readonly number[],
  u: S,
  permute: (x: S) => S,
): string | undefined {
  const asymmetric = stateAsymmetry(model, s, u, perm) ?? signatureBreak(model.symmetry!, s, u, perm);
  if (asymmetric !== undefined) return asymmetric;
  const renamed = renamedBy(perm);
  const contract = (what: string) => `symmetry.permute breaks its contract: ${what}; see Symmetry in the API, or ${RUN_WITHOUT}`;
  if (model.withinBounds !== undefined && model.withinBounds(s) !== model.withinBounds(u)) return contract(`withinBounds differs between a state and ${renamed}`);
  const uActs = model.actions(u);
  if (uActs.length !== acts.length) return contract(`a state has ${acts.length} enabled actions and ${renamed} has ${uActs.length}`);
  // The successors of u by key, to find the action matching each of s's.
  const byKey = new Map<string, number[]>();
  const uSucc = uActs.map((b) => model.next(u, b));
  uSucc.forEach((t, bi) => {
    const k = keyOf(t);
    const list = byKey.get(k);
    if (list) list.push(bi);
    else byKey.set(k, [bi]);
  });
  const steps = model.properties.filter((p) => p.kind === 'step');
  for (let ai = 0; ai < acts.length; ai++) {
    const pt = permute(succ[ai]);
    const matches = byKey.get(keyOf(pt));
    if (matches === undefined) return contract(`renaming the successor of a state by one of its actions gives no successor of ${renamed} (permute does not commute with next)`);
    for (const prop of steps) {
      if (prop.kind !== 'step') continue;
      const verdict = prop.holds(s, acts[ai], succ[ai]);
      if (!matches.some((bi) => prop.holds(u, uActs[bi], uSucc[bi]) === verdict)) {
        return `property '${prop.name}' is not symmetric: it ${verdict ? 'holds' : 'fails'} on a transition and not on the same transition with threads renamed by [${perm.join(', ')}], so symmetry reduction would decide it wrongly; state it alike for every interchangeable thread, or ${RUN_WITHOUT}`;
      }
    }
  }
  return undefined;
}
