/**
 * M8, UNIX pipe: the specification (the four write cases, end of file, EPIPE) holds everything,
 * F1 deadlocks, F2 leaves the reader stuck, F3 finds interleaved large writes, F4's kernel memory
 * grows one unit per round (a growth witness); counts and traces pinned.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../../checker/check.js';
import { unixPipe, type PipeConfig } from '../../../model/protocols/unixPipe.js';
import { unixPipeEntry } from '../../../registry/entries/unixPipe.js';
import { failingVerdicts as failures, traceActions as steps, registryRunCounts } from '../../helpers/verdicts.js';

const run = (config: Partial<PipeConfig>) => {
  const model = unixPipe(config);
  return { model, r: check(model) };
};
const WRITE = ['Prepare(writer)', 'Write(writer)', 'Return'];

describe('unixPipe (M8)', () => {
  it('holds every property by default (capacity 2, three 1-unit writes): 191 states, 267 transitions, depth 29, max 2 units, the writer blocks', () => {
    const { r } = run({});
    expect(r.complete).toBe(true);
    expect([r.stats.distinct, r.stats.generated, r.stats.depth]).toEqual([191, 267, 29]);
    expect(r.ok).toBe(true);
    expect(r.verdicts['kernel memory bounded']).toEqual({ status: 'holds', maxReached: 2 });
    expect(r.verdicts['the client blocks'].status).toBe('witnessed');
  });

  it('the four write cases: blocking large writes hold everything; non-blocking writes never block', () => {
    expect(failures(run({ writes: 2, size: 2 }).r)).toEqual({});
    expect(failures(run({ nonblocking: true }).r)).toEqual({ 'the client blocks': 'unwitnessed' });
    const partial = run({ nonblocking: true, writes: 2, size: 2 }).r;
    expect(failures(partial)).toEqual({ 'the client blocks': 'unwitnessed' });
    expect(partial.verdicts['kernel memory bounded']).toEqual({ status: 'holds', maxReached: 2 });
  });

  it('EPIPE: the reader closes its read end, the writer ends without anything received', () => {
    const { r } = run({ reader: 'exits' });
    expect(failures(r)).toEqual({ 'a message is received': 'unwitnessed' });
    expect(r.stats.distinct).toBe(57);
  });

  it('F1: two pipes, both processes write capacity + 1 units first: deadlock', () => {
    const { model, r } = run({ bug: 'bothWriteFirst' });
    expect(failures(r)).toEqual({ 'deadlock free': 'violated', 'no thread stuck forever': 'violated', 'a message is received': 'unwitnessed' });
    expect(steps(model, r, 'deadlock free')).toEqual(['Prepare(process 1)', 'Write(process 1)', 'Return', 'Prepare(process 2)', 'Write(process 2)']);
    expect(steps(model, r, 'no thread stuck forever')).toEqual(['Prepare(process 1)', 'Write(process 1)']);
    expect(r.verdicts['kernel memory bounded']).toEqual({ status: 'holds', maxReached: 4 });
    expect(r.stats.distinct).toBe(32);
  });

  it('F2: the reader keeps a write end open, end of file never comes: the reader is stuck', () => {
    const { model, r } = run({ bug: 'readerKeepsWriteEnd' });
    expect(failures(r)).toEqual({ 'deadlock free': 'violated', 'no thread stuck forever': 'violated' });
    const trace = steps(model, r, 'no thread stuck forever');
    expect(trace).toEqual([
      ...WRITE, ...WRITE, ...WRITE,
      'Read(reader)', 'Return', 'Handle(reader)', 'Read(reader)', 'Return', 'Handle(reader)', 'Read(reader)', 'Return',
      'Write(writer)', 'Return', 'Close(writer)', 'Return',
      'Read(reader)', 'Return', 'Handle(reader)', 'Read(reader)',
    ]);
    const v = r.verdicts['no thread stuck forever'];
    expect(v.status === 'violated' && v.stuckThread).toBe('reader');
  });

  it('F3: two writers of 3 units (> PIPE_BUF) interleave; of 1 unit (= PIPE_BUF) they are atomic', () => {
    const { model, r } = run({ bug: 'interleavedWriters', writes: 1, size: 3 });
    expect(failures(r)).toEqual({ 'write records not interleaved': 'violated' });
    expect(steps(model, r, 'write records not interleaved')).toEqual([
      'Prepare(writer 1)', 'Write(writer 1)', 'Return', 'Prepare(writer 2)', 'Preempt', 'Return', 'Read(reader)', 'Return', 'Preempt', 'Return', 'Write(writer 2)',
    ]);
    expect(r.stats.distinct).toBe(3239);
    const atomic = run({ bug: 'interleavedWriters', writes: 2, size: 1 }).r;
    expect(failures(atomic)).toEqual({});
    expect(atomic.stats.distinct).toBe(3736);
  });

  it('F4: unbounded buffer, the writer writes for ever, nobody reads: unbounded, +1 kernel buffer unit per round', () => {
    const { model, r } = run({ bug: 'unboundedBuffer' });
    expect(failures(r)).toEqual({ 'kernel memory bounded': 'unbounded', 'the client blocks': 'unwitnessed', 'a message is received': 'unwitnessed' });
    const v = r.verdicts['kernel memory bounded'];
    if (v.status !== 'unbounded') throw new Error('expected unbounded');
    expect(v.growth).toEqual({ loopStart: 5, loopEnd: 8, prefixSteps: 8, rounds: 5, measures: [3, 4, 5, 6, 7, 8], growthPerRound: 1, unit: 'kernel buffer unit' });
    expect(steps(model, r, 'kernel memory bounded')).toEqual([...Array.from({ length: 7 }, () => WRITE).flat(), 'Prepare(writer)', 'Write(writer)']);
    expect(r.stats.distinct).toBe(11);
  });

  it('every registry run gives its expected verdicts, each well under 100,000 states', () => {
    expect(registryRunCounts(unixPipeEntry)).toEqual([191, 179, 194, 188, 57, 32, 190, 3239, 11]);
  });

  it('rejects bad configurations', () => {
    expect(() => unixPipe({ capacity: 0 })).toThrow(/capacity must be a whole number from 1 to 3/);
    expect(() => unixPipe({ writes: 4 })).toThrow(/writes must be a whole number from 1 to 3/);
    expect(() => unixPipe({ size: 1.5 })).toThrow(/size must be a whole number from 1 to 3/);
    expect(() => unixPipe({ bug: 'nope' as never })).toThrow(/bug must be one of/);
    expect(() => unixPipe({ reader: 'sometimes' as never })).toThrow(/reader must be/);
    expect(() => unixPipe({ reader: 'exits', bug: 'bothWriteFirst' })).toThrow(/use bug: 'none'/);
    expect(() => unixPipe({ bug: 'unboundedBuffer', nonblocking: true })).toThrow(/leave it false/);
  });
});
