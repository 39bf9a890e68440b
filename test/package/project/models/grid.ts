/**
 * A model in TypeScript, as a user writes one in a project of their own: two counters from 0 to
 * `limit`, each step adds one to either. Both are full only in the corner, where no step is left.
 * It imports a file of its own as `./steps.js`, as tsc with NodeNext wants it spelled.
 */
import { always, deadlockFree, defineModel, int, record, type Infer } from 'ipc-check';
import { Step, type Inc } from './steps.js';

export const limit: number = 3;

const shape = record({ x: int(0, limit), y: int(0, limit) });
type State = Infer<typeof shape>;

export default () =>
  defineModel<State, Inc>({
    name: 'grid',
    shape,
    init: () => [{ x: 0, y: 0 }],
    actions: (s: State): Inc[] => [...(s.x < limit ? [{ kind: Step.X }] : []), ...(s.y < limit ? [{ kind: Step.Y }] : [])],
    next: (s: State, a: Inc): State => (a.kind === Step.X ? { x: s.x + 1, y: s.y } : { x: s.x, y: s.y + 1 }),
    properties: [always('not both full', (s) => !(s.x === limit && s.y === limit)), deadlockFree()],
  });
