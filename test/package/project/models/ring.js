// A model in JavaScript: a counter that goes round `size` values, one step at a time.
import { always, deadlockFree, defineModel, int, record, sometimes } from 'ipc-check';

export const size = 5;

export default () =>
  defineModel({
    name: 'ring',
    shape: record({ n: int(0, size - 1) }),
    init: () => [{ n: 0 }],
    actions: () => [{ kind: 'Tick' }],
    next: (s) => ({ n: (s.n + 1) % size }),
    properties: [always('in range', (s) => s.n < size), sometimes('goes round', (s) => s.n === size - 1), deadlockFree()],
  });
