/**
 * Card M8's scenario as a workload: the runs of the retired unixPipe model on the pipe design
 * (writes above PIPE_BUF as native multi-unit writes, F1-F4), with the same verdicts; state
 * counts, every verdict and the shortest counterexamples pinned, with the steps where they differ
 * from the old model's; then the workload on Mach, where there is no end of file.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../../checker/check.js';
import { compose, NotExpressible } from '../../../model/compose/compose.js';
import type { AnyDesign } from '../../../model/designs/design.js';
import { mach } from '../../../model/designs/mach.js';
import { pipe } from '../../../model/designs/pipe.js';
import { pipeStream } from '../../../model/workloads/pipeStream.js';
import { traceActions } from '../../helpers/verdicts.js';

/** Checks the workload at `set` on `design`; `table` has every verdict, with the length of a violation's or growth's trace. */
function run(set: Record<string, string | number | boolean>, design: AnyDesign = pipe()) {
  const model = compose(design, pipeStream.build({ ...pipeStream.defaults, ...set }));
  const r = check(model);
  const table = Object.fromEntries(Object.entries(r.verdicts).map(([k, v]) => [k, v.status === 'violated' || v.status === 'unbounded' ? `${v.status}/${v.trace.steps.length}` : v.status]));
  return { model, r, table };
}
const FRAMEWORK = { 'reply correctness': 'holds', 'run queue': 'holds', isolation: 'holds', privilege: 'holds', 'kernel-mediated transfer': 'holds', 'deadlock free': 'holds', 'no thread stuck forever': 'holds' };
const OWN = { 'no message lost or duplicated': 'holds', 'write records not interleaved': 'holds', 'a message is received': 'witnessed', 'the client blocks': 'witnessed' };
const PIPE = { 'contents ≤ C': 'holds', 'INV-SYM': 'holds', 'INV-SLEEP': 'holds', ...FRAMEWORK, 'kernel memory ≤ 2': 'holds', ...OWN };
const EOF = { eof: true };
const WRITE = ['set 1 (writer 1)', 'write(pipe) (writer 1)', 'Return'];

describe('pipeStream on pipes: the unixPipe registry runs', () => {
  it('default: three one-unit writes into a pipe of 2, read to end of file; everything holds and the writer blocks at its third write (114 states)', () => {
    const { model, r, table } = run(EOF);
    expect(r.stats.distinct).toBe(114);
    expect(table).toEqual(PIPE);
    expect(traceActions(model, r, 'the client blocks')).toEqual([...WRITE, ...WRITE, 'set 1 (writer 1)', 'write(pipe) (writer 1)']);
  });

  it('blocking writes of 2 units (above PIPE_BUF): the second finds the pipe full, writes nothing and sleeps, to go on later (111 states)', () => {
    const { model, r, table } = run({ ...EOF, writes: 2, size: 2 });
    expect(r.stats.distinct).toBe(111);
    expect(table).toEqual(PIPE);
    expect(traceActions(model, r, 'the client blocks')).toEqual(['set 1 (writer 1)', 'write(pipe, 2 units) (writer 1)', 'Return', 'set 1 (writer 1)', 'write(pipe, 2 units) (writer 1)']);
  });

  it('O_NONBLOCK: EAGAIN, and the writer issues the write again until it is done: it never blocks and nothing is lost (112 states)', () => {
    const { r, table } = run(EOF, pipe({ nonblocking: true }));
    expect(r.stats.distinct).toBe(112);
    expect(table).toEqual({ ...PIPE, 'the client blocks': 'unwitnessed' });
  });

  it('O_NONBLOCK with writes of 2 units: partial writes, the rest written later (117 states)', () => {
    const { r, table } = run({ ...EOF, writes: 2, size: 2 }, pipe({ nonblocking: true }));
    expect(r.stats.distinct).toBe(117);
    expect(table).toEqual({ ...PIPE, 'the client blocks': 'unwitnessed' });
  });

  it('reader exits: EPIPE; the writer may block first and is woken by the close; nothing is received (65 states)', () => {
    const { r, table } = run({ reader: 'exits' });
    expect(r.stats.distinct).toBe(65);
    expect(table).toEqual({ ...PIPE, 'a message is received': 'unwitnessed' });
  });

  it('F1: two processes each write 3 units into their pipe of 2 before reading: both sleep in write (stuck at 2 steps, deadlock at 5, as the old model)', () => {
    const { model, r, table } = run({ bothWriteFirst: true, writes: 1, size: 3 });
    expect(r.stats.distinct).toBe(32);
    expect(table).toEqual({ ...PIPE, 'kernel memory ≤ 2': undefined, 'kernel memory ≤ 4': 'holds', 'deadlock free': 'violated/5', 'no thread stuck forever': 'violated/2', 'a message is received': 'unwitnessed' });
    expect(traceActions(model, r, 'deadlock free')).toEqual(['set 1 (process 1)', 'write(a, 3 units) (process 1)', 'Return', 'set 2 (process 2)', 'write(b, 3 units) (process 2)']);
  });

  it('F2: the reader keeps a write end, so its read for end of file never returns (stuck at 16 steps, old 25: no Handle step after each read, no re-issued write)', () => {
    const { model, r, table } = run(EOF, pipe({ readerKeepsWriteEnd: true }));
    expect(r.stats.distinct).toBe(112);
    expect(table).toEqual({ ...PIPE, 'deadlock free': 'violated/18', 'no thread stuck forever': 'violated/16' });
    expect(traceActions(model, r, 'no thread stuck forever')).toEqual([...WRITE, ...WRITE, ...WRITE, ...Array.from({ length: 3 }, () => ['read(pipe) (reader)', 'Return']).flat(), 'read(pipe) (reader)']);
  });

  it('F3: two writers of 3 units race for the room a read makes and their records interleave; the reader sees it at step 19 (the old ghost at the write: 11)', () => {
    const { model, r, table } = run({ ...EOF, writers: 2, writes: 1, size: 3 });
    expect(r.stats.distinct).toBe(2987);
    expect(table).toEqual({ ...PIPE, 'write records not interleaved': 'violated/19' });
    const steps = traceActions(model, r, 'write records not interleaved');
    expect(steps.filter((s) => s.startsWith('write'))).toEqual(['write(pipe, 3 units) (writer 1)', 'write(pipe, 3 units) (writer 2)', 'write(pipe, 3 units) (writer 2)']);
    expect(steps.slice(-3)).toEqual(['read(pipe) (reader)', 'Return', 'add mixed (reader)']);
  });

  it('F3\'s writers with one-unit writes (= PIPE_BUF) are atomic: nothing interleaves (2080 states)', () => {
    const { r, table } = run({ ...EOF, writers: 2, writes: 2, size: 1 });
    expect(r.stats.distinct).toBe(2080);
    expect(table).toEqual(PIPE);
  });

  it('F4: an unbounded pipe and a reader that never runs: kernel memory grows one unit per write, the old growth witness (23 steps)', () => {
    const { r, table } = run({ reader: 'never', writes: 8 }, pipe({ unbounded: true }));
    expect(r.stats.distinct).toBe(26);
    expect(table).toEqual({ ...PIPE, 'kernel memory ≤ 2': 'unbounded/23', 'a message is received': 'unwitnessed', 'the client blocks': 'unwitnessed' });
    const v = r.verdicts['kernel memory ≤ 2'];
    if (v.status !== 'unbounded') throw new Error('expected unbounded');
    expect(v.growth).toEqual({ loopStart: 5, loopEnd: 8, prefixSteps: 8, rounds: 5, measures: [3, 4, 5, 6, 7, 8], growthPerRound: 1, unit: 'kernel object' });
  });
});

describe('pipeStream elsewhere', () => {
  it('without the read for end of file every property holds on pipes (112 states) and on Mach (112 states)', () => {
    expect(run({}).table).toEqual(PIPE);
    const m = run({}, mach());
    expect(m.r.stats.distinct).toBe(112);
    expect(m.table).toEqual({ 'INV-PORT': 'holds', 'INV-SYM': 'holds', 'INV-QLIMIT': 'holds', 'INV-SO': 'holds', ...FRAMEWORK, 'kernel memory ≤ 2': 'holds', ...OWN });
  });

  it('Mach ports have no end of file: the reader\'s last read waits for ever', () => {
    expect(run(EOF, mach()).table).toMatchObject({ 'deadlock free': 'violated/18', 'no thread stuck forever': 'violated/16' });
  });

  it('writes above PIPE_BUF are the pipe design\'s native call: Mach cannot express them', () => {
    expect(() => compose(mach(), pipeStream.build({ ...pipeStream.defaults, size: 2 }))).toThrow(NotExpressible);
  });
});
