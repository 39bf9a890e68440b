/**
 * Tiny models for the counterexample tests: a growing queue (an `unbounded` verdict with a growth
 * witness), a counter that overflows its shape (a model error with a trace), a counter with a
 * `sometimes` witness, and a model whose labels need escaping.
 */
import { defineModel, type Model } from '../../model/core/model.js';
import { bool, int, oneOf, queue, record } from '../../model/core/shape/index.js';
import { always, bounded, sometimes } from '../../properties/index.js';

/** The sender's state: whether a message is prepared, and the undrained queue. */
export interface SenderState {
  readonly ready: boolean;
  readonly q: readonly number[];
}
/** The sender's actions. */
export type SenderAction = { readonly kind: 'Prepare' } | { readonly kind: 'Send' };

/**
 * A sender that prepares a message, then sends it into a queue nobody drains: `queue ≤ 2` is
 * exceeded after 6 steps and the segment Prepare, Send grows it by one message per round.
 *
 * @example
 * check(sender()).verdicts['queue ≤ 2'].status; // 'unbounded'
 */
export function sender(): Model<SenderState, SenderAction> {
  return defineModel<SenderState, SenderAction>({
    name: 'sender',
    shape: record({ ready: bool(), q: queue(10, int(0, 1)) }),
    init: () => [{ ready: false, q: [] }],
    actions: (s) => (s.ready ? [{ kind: 'Send' }] : s.q.length < 10 ? [{ kind: 'Prepare' }] : []),
    next: (s, a) => (a.kind === 'Prepare' ? { ready: true, q: s.q } : { ready: false, q: [...s.q, 1] }),
    properties: [bounded('queue ≤ 2', (s: SenderState) => s.q.length, 2, 'message')],
  });
}

/** The counters' only action. */
export type CounterAction = { readonly kind: 'Inc' };

/**
 * A counter declared as `int(0, 2)` whose `Inc` stays enabled at 2: a shape overflow (IPC002).
 *
 * @example
 * check(overflowingCounter()).modelError?.code; // 'IPC002'
 */
export function overflowingCounter(): Model<{ readonly n: number }, CounterAction> {
  return defineModel<{ readonly n: number }, CounterAction>({
    name: 'overflowing counter',
    shape: record({ n: int(0, 2) }),
    init: () => [{ n: 0 }],
    actions: () => [{ kind: 'Inc' }],
    next: (s) => ({ n: s.n + 1 }),
    properties: [always('n is small', (s: { readonly n: number }) => s.n < 10)],
  });
}

/**
 * A counter up to 3 whose `sometimes('n reaches 2')` is witnessed after two steps; it also holds `n ≤ 3`.
 *
 * @example
 * check(witnessedCounter()).verdicts['n reaches 2'].status; // 'witnessed'
 */
export function witnessedCounter(): Model<{ readonly n: number }, CounterAction> {
  return defineModel<{ readonly n: number }, CounterAction>({
    name: 'counter',
    shape: record({ n: int(0, 3) }),
    init: () => [{ n: 0 }],
    actions: (s) => (s.n < 3 ? [{ kind: 'Inc' }] : []),
    next: (s) => ({ n: s.n + 1 }),
    properties: [sometimes('n reaches 2', (s: { readonly n: number }) => s.n === 2), always('n ≤ 3', (s: { readonly n: number }) => s.n <= 3)],
  });
}

/** The awkward words {@link awkwardLabels} says. */
export type Quote = 'say "hi"' | 'back\\slash' | 'a & <b>';
/** Saying one of the awkward words. */
export type QuoteAction = { readonly kind: 'Say'; readonly what: Quote };

/**
 * Labels and values with double quotes, backslashes, ampersands and angle brackets.
 *
 * @example
 * check(awkwardLabels()).verdicts['never says a & <b>'].status; // 'violated'
 */
export function awkwardLabels(): Model<{ readonly said: Quote }, QuoteAction> {
  const words: readonly Quote[] = ['say "hi"', 'back\\slash', 'a & <b>'];
  return defineModel<{ readonly said: Quote }, QuoteAction>({
    name: 'awkward "labels" \\ & <more>',
    shape: record({ said: oneOf('say "hi"', 'back\\slash', 'a & <b>') }),
    init: () => [{ said: 'say "hi"' }],
    actions: (s) => words.filter((w) => w !== s.said).map((what) => ({ kind: 'Say', what }) as const),
    next: (_s, a) => ({ said: a.what }),
    properties: [always('never says a & <b>', (s: { readonly said: Quote }) => s.said !== 'a & <b>')],
  });
}
