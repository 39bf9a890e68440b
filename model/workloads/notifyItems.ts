/**
 * Workload: the counting protocol of card M5 (seL4 notifications). `producers` threads each put
 * `rounds` items into a buffer they share with one consumer and signal an event after each, with
 * a badge of their own (bit i-1 for producer i); the consumer waits and handles items until it has
 * handled all of them. How it handles a wakeup is `consumer`: one item (`onePerWait`), one item per
 * badge bit set in the returned word (`perBit`), or every item in the buffer (`drain`). Signals to
 * an event coalesce on designs that have such objects, so the first two can strand an item.
 *
 * Abstractions: the shared buffer is a pair of counters in user memory (items put, items handled).
 *
 * Properties beyond the framework's: 'no item lost' (never is the consumer waiting, every producer
 * done, while an item is unhandled), the liveness 'every item is handled' (under the scheduler's
 * fairness, a buffer holding an unhandled item is eventually drained: message delivery for
 * notifications), the witness 'a wait returns a badge'.
 *
 * Seeded bugs (card M5 F1): `consumer=onePerWait` strands an item when two signals coalesce (two
 * producers, or one producer's two signals); `perBit` strands one for equal badges (`rounds=2`).
 */
import { add, repeat, signal, take, until, wait } from './program.js';
import { defineWorkload, type ThreadSpec } from './workload.js';

/**
 * The workload.
 *
 * @example
 * const m = compose(sel4(), notifyItems.build({ producers: 1, rounds: 2, consumer: 'onePerWait' }));
 */
export const notifyItems = defineWorkload({
  id: 'notifyItems',
  title: 'producers signalling items to one consumer (M5 counting protocol)',
  params: {
    producers: { type: 'int', min: 1, max: 3, doc: 'producer threads, producer i signalling badge bit i-1' },
    rounds: { type: 'int', min: 1, max: 3, doc: 'items (signals) per producer' },
    consumer: { type: 'enum', values: ['onePerWait', 'perBit', 'drain'], doc: 'items handled per wakeup: one, one per badge bit, or all' },
  },
  defaults: { producers: 2, rounds: 1, consumer: 'perBit' },
  build: (c) => {
    const { producers, rounds, consumer } = c as { producers: number; rounds: number; consumer: string };
    const total = producers * rounds;
    const how = consumer === 'onePerWait' ? 'one' : consumer === 'perBit' ? 'bits' : 'all';
    const threads: ThreadSpec[] = [
      ...Array.from({ length: producers }, (_, i) => ({ name: `producer ${i + 1}`, space: `P${i + 1}`, message: i, program: [repeat(rounds, add('items'), signal('ev'))] })),
      { name: 'consumer', space: 'C', program: [until('handled', total, wait('ev'), take('items', 'handled', how))] },
    ];
    return {
      name: `notifyItems(producers=${producers},rounds=${rounds},consumer=${consumer})`,
      threads,
      objects: [{ name: 'ev', kind: 'event' }],
      values: Math.max(2, producers),
      shared: [
        { name: 'items', max: total },
        { name: 'handled', max: total },
      ],
      invariants: [
        {
          name: 'no item lost',
          holds: (v, s) => !(v.blocked(s, 'consumer') && threads.every((t) => t.name === 'consumer' || v.finished(s, t.name)) && v.shared(s, 'handled') < total),
        },
      ],
      liveness: [{ name: 'every item is handled', p: (v, s) => v.shared(s, 'items') > 0, q: (v, s) => v.shared(s, 'items') === 0 }],
      stuckName: 'no thread stuck forever',
      witness: { name: 'a wait returns a badge', holds: (v, s) => v.received(s, 'consumer') !== 0 },
    };
  },
});
