/**
 * Dining philosophers: the project's benchmark specification `DiningPhilosophers.tla`
 * (`/work/shared/bench/`, with `DiningNaive.cfg` and `DiningAsym.cfg`), state for state.
 *
 * `n` philosophers 0..n-1 and `n` forks round a table; philosopher `p`'s left fork is `p`, its
 * right fork `(p+1) mod n`. A philosopher goes thinking → hungry → holds its first fork ("one")
 * → eating → thinking. Philosophers in `Lefties` take their right fork first, the others their
 * left fork first. Here `Lefties` is `{0}` when `lefty0` is set (one philosopher reversed, the
 * classic fix) and `{}` otherwise (the naive protocol).
 *
 * Actions: `Next == \E p \in Phils : GetHungry(p) \/ TakeFirst(p) \/ TakeSecond(p) \/ PutDown(p)`,
 * enumerated philosopher by philosopher and, for each, in that order. A philosopher has one
 * control state, so at most one of its four actions is enabled.
 *
 * Abstractions: none. `fork[f]` holds the philosopher holding fork `f`, or `n` (`OnTable`).
 *
 * Properties: `TypeOK`; `ForkSafety` (a fork is held only by one of the two philosophers next to
 * it, and an eating philosopher holds both of its forks); deadlock freedom (the specification
 * never terminates, so a state without successors is a real deadlock); and a witness that
 * someone eats. Figures from TLC 2.18 (`bench/README.md`; breadth-first, one worker):
 *
 * | Lefties | n  | distinct  | depth | verdict                              |
 * |---------|----|-----------|-------|--------------------------------------|
 * | {}      | 5  | 573       | 11    | deadlock, shortest trace 11 states   |
 * | {}      | 8  | 25,889    | 17    | deadlock, 17 states                  |
 * | {}      | 11 | 1,169,589 | 23    | deadlock, 23 states                  |
 * | {0}     | 8  | 24,126    | 17    | no error                             |
 * | {0}     | 11 | 1,089,942 | 23    | no error                             |
 *
 * This model reproduces every row exactly; the unit tests pin n = 5 and n = 8, the n = 11 rows
 * (seconds each) are left to the benchmark. TLC's generated counts are not published; here
 * generated is 1 + the number of enabled actions summed over the reachable states (2366 for the
 * naive n = 5), which is what TLC counts for this specification, where each philosopher has at
 * most one enabled disjunct.
 *
 * No seeded bug beyond the naive protocol itself (`lefty0: false`), whose deadlock is the point.
 */
import { defineModel, type Model } from '../core/model.js';
import { array, int, oneOf, record, type Infer } from '../core/shape/index.js';
import { always, deadlockFree, sometimes } from '../../properties/index.js';
import { unreachable } from '../core/unreachable.js';

/**
 * Configuration: the number of philosophers, and whether philosopher 0 takes its right fork
 * first (`Lefties = {0}`) or everybody takes the left one first (`Lefties = {}`).
 *
 * @example
 * const naive: DiningConfig = { n: 5, lefty0: false };
 */
export interface DiningConfig {
  readonly n: number;
  readonly lefty0: boolean;
}

/**
 * A step of philosopher `p`, named as in the TLA+ specification.
 *
 * @example
 * const a: DiningAction = { kind: 'TakeFirst', p: 2 };
 */
export type DiningAction =
  | { readonly kind: 'GetHungry'; readonly p: number }
  | { readonly kind: 'TakeFirst'; readonly p: number }
  | { readonly kind: 'TakeSecond'; readonly p: number }
  | { readonly kind: 'PutDown'; readonly p: number };

const PCS = ['thinking', 'hungry', 'one', 'eating'] as const;

function diningShape(n: number) {
  return record({
    pc: array(n, oneOf(...PCS)),
    /** `fork[f]`: the philosopher holding fork `f`, or `n` (OnTable). */
    fork: array(n, int(0, n)),
  });
}

/**
 * A state of the dining philosophers: the TLA+ variables `pc` and `fork`.
 *
 * @example
 * const s: DiningState = dining({ n: 3 }).init()[0];
 * s.fork; // [3, 3, 3]: every fork on the table
 */
export type DiningState = Infer<ReturnType<typeof diningShape>>;

/**
 * The dining philosophers model.
 *
 * @example
 * const r = check(dining({ n: 5, lefty0: false }));
 * r.stats.distinct;                       // 573
 * r.verdicts['deadlock free'].status;     // 'violated', a trace of 11 states
 * check(dining({ n: 5, lefty0: true })).ok; // true
 */
export function dining(config: Partial<DiningConfig> = {}): Model<DiningState, DiningAction> {
  const cfg: DiningConfig = { n: 5, lefty0: false, ...config };
  const n = cfg.n;
  const onTable = n;
  const leftFork = (p: number) => p;
  const rightFork = (p: number) => (p + 1) % n;
  const isLefty = (p: number) => cfg.lefty0 && p === 0;
  // FirstFork and SecondFork, tabulated once.
  const FIRST = Array.from({ length: n }, (_, p) => (isLefty(p) ? rightFork(p) : leftFork(p)));
  const SECOND = Array.from({ length: n }, (_, p) => (isLefty(p) ? leftFork(p) : rightFork(p)));

  // Action values are built once; `actions` only collects the enabled ones.
  const GET_HUNGRY = Array.from({ length: n }, (_, p): DiningAction => ({ kind: 'GetHungry', p }));
  const TAKE_FIRST = Array.from({ length: n }, (_, p): DiningAction => ({ kind: 'TakeFirst', p }));
  const TAKE_SECOND = Array.from({ length: n }, (_, p): DiningAction => ({ kind: 'TakeSecond', p }));
  const PUT_DOWN = Array.from({ length: n }, (_, p): DiningAction => ({ kind: 'PutDown', p }));

  const actions = (s: DiningState): DiningAction[] => {
    const out: DiningAction[] = [];
    const pc = s.pc;
    const fork = s.fork;
    for (let p = 0; p < n; p++) {
      switch (pc[p]) {
        case 'thinking':
          out.push(GET_HUNGRY[p]);
          break;
        case 'hungry':
          if (fork[FIRST[p]] === onTable) out.push(TAKE_FIRST[p]);
          break;
        case 'one':
          if (fork[SECOND[p]] === onTable) out.push(TAKE_SECOND[p]);
          break;
        case 'eating':
          out.push(PUT_DOWN[p]);
          break;
      }
    }
    return out;
  };

  const next = (s: DiningState, a: DiningAction): DiningState => {
    const p = a.p;
    const pc = s.pc.slice();
    switch (a.kind) {
      case 'GetHungry':
        // A thinking philosopher becomes hungry; forks unchanged.
        pc[p] = 'hungry';
        return { pc, fork: s.fork };
      case 'TakeFirst': {
        // A hungry philosopher picks up its first fork, which is on the table.
        const fork = s.fork.slice();
        fork[FIRST[p]] = p;
        pc[p] = 'one';
        return { pc, fork };
      }
      case 'TakeSecond': {
        // Holding one fork, it picks up the second, which is on the table, and eats.
        const fork = s.fork.slice();
        fork[SECOND[p]] = p;
        pc[p] = 'eating';
        return { pc, fork };
      }
      case 'PutDown': {
        // An eating philosopher puts both forks back and thinks.
        const fork = s.fork.slice();
        fork[leftFork(p)] = onTable;
        fork[rightFork(p)] = onTable;
        pc[p] = 'thinking';
        return { pc, fork };
      }
      default:
        return unreachable(a);
    }
  };

  return defineModel<DiningState, DiningAction>({
    name: `dining(n=${n},lefty0=${cfg.lefty0})`,
    config: { ...cfg },
    shape: diningShape(n),
    init: () => [{ pc: Array.from({ length: n }, () => 'thinking' as const), fork: Array.from({ length: n }, () => onTable) }],
    actions,
    next,
    showAction: (a) => `${a.kind}(${a.p})`,
    properties: [
      always('TypeOK', (s: DiningState) => {
        // Plain loops: this runs on every new state of the benchmark.
        if (s.pc.length !== n || s.fork.length !== n) return false;
        for (let p = 0; p < n; p++) {
          const pc = s.pc[p];
          if (pc !== 'thinking' && pc !== 'hungry' && pc !== 'one' && pc !== 'eating') return false;
          const f = s.fork[p];
          if (!Number.isInteger(f) || f < 0 || f > onTable) return false;
        }
        return true;
      }),
      always('ForkSafety', (s: DiningState) => {
        for (let f = 0; f < n; f++) {
          const h = s.fork[f];
          if (h !== f && h !== (f + n - 1) % n && h !== onTable) return false;
        }
        for (let p = 0; p < n; p++) {
          if (s.pc[p] === 'eating' && (s.fork[leftFork(p)] !== p || s.fork[rightFork(p)] !== p)) return false;
        }
        return true;
      }),
      deadlockFree(),
      sometimes('someone eats', (s: DiningState) => s.pc.includes('eating')),
    ],
  });
}
