/**
 * Die Hard jugs: the water-jug puzzle from the film "Die Hard with a Vengeance", as in Leslie
 * Lamport's TLA+ specification `DieHard` (tlaplus/Examples, `specifications/DieHard/DieHard.tla`).
 *
 * Two jugs of `small` and `big` gallons, an unlimited tap. Six actions, always enabled, in the
 * order of the TLA+ `Next`: fill either jug (a full jug may be refilled), empty either jug, pour
 * one into the other until the source is empty or the destination full.
 *
 * Abstractions: none; this is the TLA+ specification state for state.
 *
 * Properties: the type invariant; deadlock freedom; and "the big jug never holds 4", which the
 * puzzle's solution violates (TLA+'s `NotSolved`): with jugs of 3 and 5 the shortest
 * counterexample has 7 states (6 actions). Published figures (TLC): 16 distinct states,
 * 97 generated, depth 8.
 *
 * Seeded bug: `target` changes the amount the invariant forbids; `target: 6` (unreachable with
 * a 5-gallon jug) makes the invariant hold.
 */
import { defineModel, type Model } from '../core/model.js';
import { int, record, type Infer } from '../core/shape/index.js';
import { always, deadlockFree } from '../../properties/index.js';
import { unreachable } from '../core/unreachable.js';

/**
 * Configuration: jug sizes, and the amount the puzzle asks for (the amount the invariant says
 * the big jug never holds). Defaults: 3, 5 and 4.
 *
 * @example
 * const cfg: DieHardConfig = { small: 3, big: 5, target: 6 };
 * check(dieHard(cfg)).ok; // true: 6 gallons never fit in the big jug
 */
export interface DieHardConfig {
  readonly small: number;
  readonly big: number;
  readonly target: number;
}

/**
 * The six jug actions, in the order of the TLA+ `Next`: fill either jug, empty either jug, or
 * pour one into the other.
 *
 * @example
 * const pour: JugAction = { kind: 'BigToSmall' };
 * formatAction(dieHard(), pour); // 'BigToSmall'
 */
export type JugAction =
  | { readonly kind: 'FillSmall' }
  | { readonly kind: 'FillBig' }
  | { readonly kind: 'EmptySmall' }
  | { readonly kind: 'EmptyBig' }
  | { readonly kind: 'SmallToBig' }
  | { readonly kind: 'BigToSmall' };

const ACTIONS: readonly JugAction[] = [
  { kind: 'FillSmall' },
  { kind: 'FillBig' },
  { kind: 'EmptySmall' },
  { kind: 'EmptyBig' },
  { kind: 'SmallToBig' },
  { kind: 'BigToSmall' },
];

/**
 * The Die Hard jugs model.
 *
 * @example
 * const r = check(dieHard());
 * r.stats.distinct; // 16
 * r.verdicts['big jug never holds 4'].status; // 'violated', a trace of 7 states
 */
export function dieHard(config: Partial<DieHardConfig> = {}) {
  const cfg: DieHardConfig = { small: 3, big: 5, target: 4, ...config };
  const shape = record({ small: int(0, cfg.small), big: int(0, cfg.big) });
  type Jugs = Infer<typeof shape>;
  const next = (s: Jugs, a: JugAction): Jugs => {
    switch (a.kind) {
      case 'FillSmall':
        return { small: cfg.small, big: s.big };
      case 'FillBig':
        return { small: s.small, big: cfg.big };
      case 'EmptySmall':
        return { small: 0, big: s.big };
      case 'EmptyBig':
        return { small: s.small, big: 0 };
      case 'SmallToBig': {
        const big = Math.min(s.big + s.small, cfg.big);
        return { small: s.small - (big - s.big), big };
      }
      case 'BigToSmall': {
        const small = Math.min(s.big + s.small, cfg.small);
        return { small, big: s.big - (small - s.small) };
      }
      default:
        return unreachable(a);
    }
  };
  const model: Model<Jugs, JugAction> = defineModel({
    name: `dieHard(small=${cfg.small},big=${cfg.big},target=${cfg.target})`,
    config: { ...cfg },
    shape,
    init: () => [{ small: 0, big: 0 }],
    actions: () => ACTIONS,
    next,
    properties: [
      always('type ok', (s: Jugs) => s.small >= 0 && s.small <= cfg.small && s.big >= 0 && s.big <= cfg.big),
      always(`big jug never holds ${cfg.target}`, (s: Jugs) => s.big !== cfg.target),
      deadlockFree(),
    ],
  });
  return model;
}
