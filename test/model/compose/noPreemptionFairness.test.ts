/**
 * Fairness without preemption: a ready thread cannot get the processor while another runs, so
 * only the running thread is enabled in the scheduler's sense. Before, every runnable thread was,
 * and weak fairness then ruled out every infinite path of a workload without preemption: any
 * leads-to held vacuously (found in review).
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../../checker/check.js';
import { compose } from '../../../model/compose/compose.js';
import { pipe } from '../../../model/designs/pipe.js';
import { pipeStream } from '../../../model/workloads/pipeStream.js';
import { leadsTo } from '../../../properties/index.js';
import type { ComposedState } from '../../../model/compose/compose.js';

describe('weak fairness per thread without preemption', () => {
  // pipeStream with reader=never runs without preemption: the writer, once running, keeps the processor.
  const m = compose(pipe(), pipeStream.build({ ...pipeStream.defaults, reader: 'never', writes: 1 }));
  const readerAt = m.init()[0].threads['reader'].at;
  const model = {
    ...m,
    properties: [
      leadsTo('the reader runs eventually', () => true, (s: ComposedState) => s.threads['reader'].at !== readerAt),
      leadsTo('false is reached', () => true, () => false),
    ],
  };

  it('only the running thread is enabled, so the starved reader is a fair path and nothing holds vacuously (5 states)', () => {
    const r = check(model);
    expect(r.stats.distinct).toBe(5);
    expect(r.verdicts['the reader runs eventually'].status).toBe('violated');
    expect(r.verdicts['false is reached'].status).toBe('violated');
    const s = m.init()[0];
    expect(m.fairness!.enabled!(s)).toEqual([s.sched.current - 1]);
  });
});
