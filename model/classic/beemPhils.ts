/**
 * BEEM dining philosophers: the `phils` model of BEEM, the BEnchmarks for Explicit Model
 * checkers (R. Pelánek, SPIN 2007; paradise.fi.muni.cz/beem), written in DiVinE's DVE language.
 * Instance `phils.1` has N = 4 philosophers.
 *
 * N philosophers and N forks in a ring; philosopher `i`'s left fork is `i` and its right fork
 * `(i+1) mod N`. A fork is a byte, 0 when on the table and 1 when held. Each philosopher is a DVE
 * process with control states think, one, eat and finish and four transitions, in this order:
 *
 * | DVE transition   | guard             | effect           | action here    |
 * |------------------|-------------------|------------------|----------------|
 * | think -> one     | fork[left] == 0   | fork[left] = 1   | `TakeLeft`     |
 * | one -> eat       | fork[right] == 0  | fork[right] = 1  | `TakeRight`    |
 * | eat -> finish    |                   | fork[left] = 0   | `ReleaseLeft`  |
 * | finish -> think  |                   | fork[right] = 0  | `ReleaseRight` |
 *
 * The system is asynchronous (`system async`): one step is one enabled transition of one
 * process, processes in declaration order (phil_0 first). The transition table is BEEM's
 * `phils.mdve` template as quoted, line for line, by public re-implementations of the benchmark;
 * the DVE source itself was not in the sources searched.
 *
 * Abstractions: none; this is the DVE model state for state (process control states plus the
 * fork bytes, stored as booleans).
 *
 * Properties: deadlock freedom, which fails (every philosopher holds its left fork); "one holder
 * per fork" (a fork is held by at most one of its two neighbours, and its byte is 1 exactly when
 * one of them is in a control state that holds it); no two neighbours eat at once; and a
 * witness that someone eats.
 *
 * Published figures for `phils.1` (BEEM's table): 80 states, 212 transitions, 10 BFS levels,
 * exactly one deadlock state. BEEM's "transitions" are edges of the state graph: one per enabled
 * transition of every reachable state, so with TLC's counting generated = 1 + 212 = 213. This was
 * checked by exploring the model (every state has at most one enabled transition per philosopher
 * and no two of them lead to the same state, so edges and enabled transitions coincide), and is
 * corroborated by RefChecker's benchmark page (refchecker.sourceforge.net), which lists the same
 * graph for four philosophers as 80 nodes and 212 edges (and three: 26 nodes, 51 edges).
 *
 * No seeded bug: the deadlock is the benchmark's point.
 */
import { defineModel, type Model } from '../core/model.js';
import { array, bool, oneOf, record, type Infer } from '../core/shape/index.js';
import { always, deadlockFree, sometimes } from '../../properties/index.js';
import { unreachable } from '../core/unreachable.js';

/**
 * Configuration: the number of philosophers (`phils.1` is 4).
 *
 * @example
 * const cfg: BeemPhilsConfig = { n: 4 };
 */
export interface BeemPhilsConfig {
  readonly n: number;
}

/**
 * A step of philosopher `phil`: one DVE transition (see the table in the module comment).
 *
 * @example
 * const a: BeemPhilsAction = { kind: 'TakeLeft', phil: 0 }; // phil_0: think -> one
 */
export type BeemPhilsAction =
  | { readonly kind: 'TakeLeft'; readonly phil: number }
  | { readonly kind: 'TakeRight'; readonly phil: number }
  | { readonly kind: 'ReleaseLeft'; readonly phil: number }
  | { readonly kind: 'ReleaseRight'; readonly phil: number };

/** The DVE control states of a philosopher. */
const PHIL_STATES = ['think', 'one', 'eat', 'finish'] as const;

function beemPhilsShape(n: number) {
  return record({
    /** `phil[i]`: the control state of process phil_i. */
    phil: array(n, oneOf(...PHIL_STATES)),
    /** `fork[f]`: DVE's `fork[f] == 1`, the fork is held. */
    fork: array(n, bool()),
  });
}

/**
 * A state of the BEEM philosophers: each process's control state and each fork.
 *
 * @example
 * const s: BeemPhilsState = beemPhils().init()[0];
 * s.phil; // ['think', 'think', 'think', 'think']
 */
export type BeemPhilsState = Infer<ReturnType<typeof beemPhilsShape>>;

type PhilState = BeemPhilsState['phil'][number];

/**
 * The BEEM `phils` model.
 *
 * @example
 * const r = check(beemPhils({ n: 4 }));
 * r.stats.distinct;                        // 80
 * r.stats.generated;                       // 213: the initial state and 212 transitions
 * r.verdicts['deadlock free'].status;      // 'violated': everyone holds the left fork
 */
export function beemPhils(config: Partial<BeemPhilsConfig> = {}): Model<BeemPhilsState, BeemPhilsAction> {
  const cfg: BeemPhilsConfig = { n: 4, ...config };
  const n = cfg.n;
  const left = (p: number) => p;
  const right = (p: number) => (p + 1) % n;

  const TAKE_LEFT = Array.from({ length: n }, (_, phil): BeemPhilsAction => ({ kind: 'TakeLeft', phil }));
  const TAKE_RIGHT = Array.from({ length: n }, (_, phil): BeemPhilsAction => ({ kind: 'TakeRight', phil }));
  const RELEASE_LEFT = Array.from({ length: n }, (_, phil): BeemPhilsAction => ({ kind: 'ReleaseLeft', phil }));
  const RELEASE_RIGHT = Array.from({ length: n }, (_, phil): BeemPhilsAction => ({ kind: 'ReleaseRight', phil }));

  const actions = (s: BeemPhilsState): BeemPhilsAction[] => {
    const out: BeemPhilsAction[] = [];
    const fork = s.fork;
    for (let p = 0; p < n; p++) {
      // A philosopher is in one control state, so at most one of its transitions is enabled.
      switch (s.phil[p]) {
        case 'think':
          if (!fork[left(p)]) out.push(TAKE_LEFT[p]);
          break;
        case 'one':
          if (!fork[right(p)]) out.push(TAKE_RIGHT[p]);
          break;
        case 'eat':
          out.push(RELEASE_LEFT[p]);
          break;
        case 'finish':
          out.push(RELEASE_RIGHT[p]);
          break;
      }
    }
    return out;
  };

  /** Philosopher `p` moves to `to` and fork `f` becomes `held`. */
  const step = (s: BeemPhilsState, p: number, to: PhilState, f: number, held: boolean): BeemPhilsState => {
    const phil = s.phil.slice();
    phil[p] = to;
    const fork = s.fork.slice();
    fork[f] = held;
    return { phil, fork };
  };

  const next = (s: BeemPhilsState, a: BeemPhilsAction): BeemPhilsState => {
    const p = a.phil;
    switch (a.kind) {
      case 'TakeLeft':
        return step(s, p, 'one', left(p), true);
      case 'TakeRight':
        return step(s, p, 'eat', right(p), true);
      case 'ReleaseLeft':
        return step(s, p, 'finish', left(p), false);
      case 'ReleaseRight':
        return step(s, p, 'think', right(p), false);
      default:
        return unreachable(a);
    }
  };

  /** Philosopher `p` holds its left fork in one and eat, its right fork in eat and finish. */
  const holdsLeft = (st: PhilState) => st === 'one' || st === 'eat';
  const holdsRight = (st: PhilState) => st === 'eat' || st === 'finish';

  return defineModel<BeemPhilsState, BeemPhilsAction>({
    name: `beemPhils(n=${n})`,
    config: { ...cfg },
    shape: beemPhilsShape(n),
    init: () => [{ phil: Array.from({ length: n }, () => 'think' as const), fork: Array.from({ length: n }, () => false) }],
    actions,
    next,
    showAction: (a) => `${a.kind}(phil_${a.phil})`,
    properties: [
      deadlockFree(),
      always('one holder per fork', (s: BeemPhilsState) => {
        for (let f = 0; f < n; f++) {
          // Fork f is philosopher f's left fork and philosopher f-1's right fork.
          const holders = (holdsLeft(s.phil[f]) ? 1 : 0) + (holdsRight(s.phil[(f + n - 1) % n]) ? 1 : 0);
          if (holders > 1 || s.fork[f] !== (holders === 1)) return false;
        }
        return true;
      }),
      always('no two neighbours eat at once', (s: BeemPhilsState) => {
        for (let p = 0; p < n; p++) if (s.phil[p] === 'eat' && s.phil[right(p)] === 'eat') return false;
        return true;
      }),
      sometimes('someone eats', (s: BeemPhilsState) => s.phil.includes('eat')),
    ],
  });
}
