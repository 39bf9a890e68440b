/**
 * M2, L4 long IPC: the copy page-faults in the middle of the IPC, pagers serve the faults through
 * nested IPC and the copy resumes from the continuation; every property holds on the
 * specification, and each seeded bug of card M2 fails with its shortest counterexample, pinned.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../../checker/check.js';
import type { CheckResult } from '../../../checker/result.js';
import { traceToSequenceText } from '../../../counterexamples/msc.js';
import { l4LongIpc, type L4LongIpcAction, type L4LongIpcConfig, type L4LongIpcState } from '../../../model/protocols/l4LongIpc.js';
import { l4LongIpcEntry } from '../../../registry/entries/l4LongIpc.js';
import { failingVerdicts as failures, traceActions as steps } from '../../helpers/verdicts.js';

type R = CheckResult<L4LongIpcState, L4LongIpcAction>;
type M = ReturnType<typeof l4LongIpc>;

const run = (config: Partial<L4LongIpcConfig>) => {
  const model = l4LongIpc(config);
  return { model, r: check(model) };
};

/** The sequence-chart events of a property's trace. */
function chartEvents(model: M, r: R, property: string) {
  const v = r.verdicts[property];
  if (!('trace' in v)) throw new Error(`'${property}' is ${v.status}, with no trace`);
  return v.trace.steps.flatMap((st, i) => model.sequence!.events(i === 0 ? v.trace.init : v.trace.steps[i - 1].state, st.action, st.state));
}

/** Every reachable state, breadth first. */
function reachable(model: M): L4LongIpcState[] {
  const seen = new Map<string, L4LongIpcState>();
  const todo = [...model.init()];
  while (todo.length > 0) {
    const s = todo.shift()!;
    const key = JSON.stringify(s);
    if (seen.has(key)) continue;
    seen.set(key, s);
    for (const a of model.actions(s)) todo.push(model.next(s, a));
  }
  return [...seen.values()];
}

const F1_PREFIX = ['Return', 'Prepare', 'Send(C→S)', 'Switch(S)', 'Return', 'Recv(S←C)', 'Copy(page 0)', 'Switch(PA)', 'Return', 'Handle(PA)', 'Reply(PA)', 'Copy(page 0)', 'Copy(page 1)'];

describe('l4LongIpc (M2)', () => {
  it('holds every property on a two-page message with one unmapped page each side: 39 states, 52 transitions, depth 19', () => {
    const { r } = run({});
    expect(r.complete).toBe(true);
    expect([r.stats.distinct, r.stats.generated, r.stats.depth]).toEqual([39, 52, 19]);
    expect(r.ok).toBe(true);
    expect(r.verdicts['kernel memory ≤ 2']).toEqual({ status: 'holds', maxReached: 1 });
  });

  it('witnesses a page fault inside the IPC: the source fault goes to PA, then the tunnelled one to PB, and the copy completes', () => {
    const { model, r } = run({});
    expect(steps(model, r, 'a page fault occurs inside an IPC')).toEqual(['Return', 'Prepare', 'Send(C→S)', 'Switch(S)', 'Return', 'Recv(S←C)', 'Copy(page 0)']);
    expect(steps(model, r, 'the long IPC completes')).toEqual([...F1_PREFIX, 'Switch(PB)', 'Return', 'Handle(PB)', 'Reply(PB)', 'Copy(page 1)']);
    const events = chartEvents(model, r, 'the long IPC completes');
    expect(events).toContainEqual({ kind: 'message', from: 0, to: 1, label: 'fault(A page 0)' });
    expect(events).toContainEqual({ kind: 'message', from: 2, to: 3, label: 'fault(B page 1)' });
    expect(events).toContainEqual({ kind: 'message', from: 3, to: 2, label: 'map B page 1' });
    expect(events).toContainEqual({ kind: 'message', from: 0, to: 2, label: 'long IPC done: 2 pages' });
    // Without an unmapped page the IPC never faults.
    expect(failures(run({ srcUnmapped: 0, dstUnmapped: 0 }).r)).toEqual({ 'a page fault occurs inside an IPC': 'unwitnessed' });
  });

  it('finite transfer timeouts keep every property, and an expiry releases both threads with the error of the faulting side', () => {
    const model = l4LongIpc({ sendXfer: 'finite', recvXfer: 'finite' });
    const r = check(model);
    expect(r.ok).toBe(true);
    expect(r.stats.distinct).toBe(57);
    const ends = reachable(model).filter((s) => s.result === 'aborted');
    expect(new Set(ends.map((s) => s.error))).toEqual(new Set(['current', 'partner']));
    for (const s of ends) expect([s.pc[0], s.pc[1], s.conts.filter((c) => c.ipc !== 'user')]).toEqual(['done', 'done', []]);
  });

  it('a zero transfer timeout aborts at the first fault with error current: the IPC never completes', () => {
    const model = l4LongIpc({ sendXfer: 'zero' });
    const r = check(model);
    expect(failures(r)).toEqual({ 'the long IPC completes': 'unwitnessed' });
    const ends = reachable(model).filter((s) => s.result !== 'pending');
    expect(ends.every((s) => s.result === 'aborted' && s.error === 'current' && s.conts.length === 0)).toBe(true);
    expect(ends.length).toBeGreaterThan(0);
  });

  it('F1: PB faults in its own handler and its fault IPC targets itself: PB, S and C stuck, deadlock (16 steps)', () => {
    const { model, r } = run({ bug: 'pagerFaultsInHandler' });
    expect(failures(r)).toEqual({ 'deadlock free': 'violated', 'C never stuck': 'violated', 'S never stuck': 'violated', 'PB never stuck': 'violated', 'the long IPC completes': 'unwitnessed' });
    expect(steps(model, r, 'deadlock free')).toEqual([...F1_PREFIX, 'Switch(PB)', 'Return', 'Handle(PB)']);
    expect(steps(model, r, 'S never stuck')).toEqual(['Switch(S)', 'Return', 'Recv(S←C)']);
    const v = r.verdicts['deadlock free'];
    if (v.status !== 'violated') throw new Error('expected a violation');
    const last = v.trace.steps[v.trace.steps.length - 1].state;
    expect(last.pc).toEqual(['locked', 'faultReply', 'openWait', 'faultSend']);
    expect(last.conts.map((c) => [c.owner, c.ipc, c.pager])).toEqual([[2, 'dest', 4], [4, 'user', 4]]);
    expect(r.verdicts['kernel memory ≤ 2']).toEqual({ status: 'holds', maxReached: 2 });
  });

  it('F1 draws as a sequence chart with the nested fault IPC, the resumed copy and the fault IPC to itself', () => {
    const { model, r } = run({ bug: 'pagerFaultsInHandler' });
    const events = chartEvents(model, r, 'deadlock free');
    expect(events).toContainEqual({ kind: 'message', from: 0, to: 1, label: 'fault(A page 0)' });
    expect(events).toContainEqual({ kind: 'message', from: 1, to: 0, label: 'map A page 0' });
    expect(events).toContainEqual({ kind: 'mark', lane: 0, label: 'resume copy at page 0', mark: 'unblock' });
    expect(events).toContainEqual({ kind: 'message', from: 2, to: 3, label: 'fault(B page 1)' });
    expect(events).toContainEqual({ kind: 'message', from: 3, to: 3, label: 'fault IPC to itself' });
    const v = r.verdicts['deadlock free'];
    if (v.status !== 'violated') throw new Error('expected a violation');
    const text = traceToSequenceText(model, v.trace);
    for (const s of ['fault(A page 0)', 'resume copy at page 0', 'fault(B page 1)', 'fault IPC to itself']) expect(text).toContain(s);
  });

  it('F2: pager(B) = C, locked in this very copy: the tunnelled fault polls C for ever (13 steps); finite timeouts recover', () => {
    const { model, r } = run({ bug: 'pagerCycle' });
    expect(failures(r)).toEqual({ 'deadlock free': 'violated', 'C never stuck': 'violated', 'S never stuck': 'violated', 'the long IPC completes': 'unwitnessed' });
    expect(steps(model, r, 'deadlock free')).toEqual(F1_PREFIX);
    expect(steps(model, r, 'C never stuck')).toEqual(F1_PREFIX);
    const v = r.verdicts['deadlock free'];
    if (v.status !== 'violated') throw new Error('expected a violation');
    expect(v.trace.steps[v.trace.steps.length - 1].state.pc).toEqual(['locked', 'faultSend', 'openWait', 'openWait']);
    expect(failures(run({ bug: 'pagerCycle', sendXfer: 'finite', recvXfer: 'finite' }).r)).toEqual({ 'the long IPC completes': 'unwitnessed' });
  });

  it('F3: a silent PB with never timeouts leaves C stuck (13 steps); with finite ones the IPC aborts with error partner and all recover', () => {
    const { model, r } = run({ bug: 'silentPager' });
    expect(failures(r)).toEqual({ 'C never stuck': 'violated', 'S never stuck': 'violated', 'the long IPC completes': 'unwitnessed' });
    expect(steps(model, r, 'C never stuck')).toEqual(F1_PREFIX);
    const finite = l4LongIpc({ bug: 'silentPager', sendXfer: 'finite', recvXfer: 'finite' });
    expect(failures(check(finite))).toEqual({ 'the long IPC completes': 'unwitnessed' });
    const late = reachable(finite).filter((s) => s.result === 'aborted' && s.conts.length === 0 && s.pc[3] === 'spin');
    expect(late.length).toBeGreaterThan(0);
    expect(late.every((s) => s.error === 'partner' && s.pc[0] === 'done' && s.pc[1] === 'done')).toBe(true);
  });

  it('a copy resumed at the page after the fault breaks continuation discipline (11 steps) and data integrity (17 steps)', () => {
    const { model, r } = run({ bug: 'skipFaultedPage' });
    expect(failures(r)).toEqual({ 'data integrity': 'violated', 'continuation discipline': 'violated' });
    expect(steps(model, r, 'continuation discipline')).toEqual(F1_PREFIX.slice(0, 11));
    expect(steps(model, r, 'data integrity')).toEqual([...F1_PREFIX.slice(0, 11), 'Copy(page 1)', 'Switch(PB)', 'Return', 'Handle(PB)', 'Reply(PB)', 'Copy(page 1)']);
  });

  it('message registers on the same workload: one atomic kernel step, 25 states, 37 transitions, depth 9, and no fault inside the IPC', () => {
    const { model, r } = run({ movement: 'registers' });
    expect(model.name).toBe('l4LongIpc(pages=2,srcUnmapped=1,dstUnmapped=2,sendXfer=never,recvXfer=never,movement=registers)');
    expect(r.complete).toBe(true);
    expect([r.stats.distinct, r.stats.generated, r.stats.depth]).toEqual([25, 37, 9]);
    expect(failures(r)).toEqual({ 'a page fault occurs inside an IPC': 'unwitnessed' });
    expect(r.verdicts['kernel memory ≤ 2']).toEqual({ status: 'holds', maxReached: 0 });
    // The rendezvous moves the registers and completes the IPC in the same kernel step.
    expect(steps(model, r, 'the long IPC completes')).toEqual(['Return', 'Prepare', 'Send(C→S)', 'Switch(S)', 'Return', 'Recv(S←C)']);
    expect(chartEvents(model, r, 'the long IPC completes')).toContainEqual({ kind: 'message', from: 0, to: 2, label: 'IPC done: 2 message registers' });
    // The unmapped pages stay unmapped and no thread ever faults or waits on a pager: the model, not the property, rules the fault out.
    const states = reachable(model);
    const boot = JSON.stringify(model.init()[0].hw.tables);
    expect(states.every((s) => !s.faulted && s.conts.length === 0 && s.cursor === 0 && s.xfer === 'unset' && JSON.stringify(s.hw.tables) === boot)).toBe(true);
    expect(states.every((s) => s.pc[2] === 'openWait' && s.pc[3] === 'openWait')).toBe(true);
    const done = states.filter((s) => s.result === 'completed');
    expect(done.length).toBeGreaterThan(0);
    for (const s of done) expect(s.mr).toEqual([[1, 2], [1, 2]]);
    // The long run keeps its empty register buffers.
    expect(reachable(l4LongIpc({})).every((s) => s.mr.length === 0)).toBe(true);
  });

  it('data integrity reads what each movement delivers: S\'s registers with registers, B\'s receive frames with long', () => {
    const integrity = (model: M) => {
      const p = model.properties.find((x) => x.name === 'data integrity');
      if (p === undefined || p.kind !== 'always') throw new Error('no data integrity invariant');
      return p.holds;
    };
    const regs = l4LongIpc({ movement: 'registers' });
    const regsDone = reachable(regs).find((s) => s.result === 'completed')!;
    expect(integrity(regs)(regsDone)).toBe(true);
    expect(integrity(regs)({ ...regsDone, mr: [[1, 2], [1, 0]] })).toBe(false);
    expect(integrity(regs)({ ...regsDone, mr: [[1, 2], [2, 1]] })).toBe(false);
    const long = l4LongIpc({});
    const longDone = reachable(long).find((s) => s.result === 'completed')!;
    expect(integrity(long)(longDone)).toBe(true);
    expect(integrity(long)({ ...longDone, mem: [1, 2, 1, 0] })).toBe(false);
  });

  it('the comparison: on the same workload the long IPC faults inside the IPC, message registers provably never do', () => {
    const long = run({});
    const regs = run({ movement: 'registers' });
    expect(long.r.verdicts['a page fault occurs inside an IPC'].status).toBe('witnessed');
    expect(long.r.verdicts['the long IPC completes'].status).toBe('witnessed');
    // Unwitnessed on a complete search: no reachable state has a fault inside the IPC.
    expect(regs.r.complete).toBe(true);
    expect(regs.r.verdicts['a page fault occurs inside an IPC'].status).toBe('unwitnessed');
    expect(regs.r.verdicts['the long IPC completes'].status).toBe('witnessed');
    // Same workload: only the movement differs, and the unmapped pages are there in both.
    const { movement: _l, ...longCfg } = long.model.config as unknown as L4LongIpcConfig;
    const { movement: _r, ...regsCfg } = regs.model.config as unknown as L4LongIpcConfig;
    expect([_l, _r]).toEqual(['long', 'registers']);
    expect(regsCfg).toEqual(longCfg);
    expect(regs.model.init()[0].hw.tables).toEqual(long.model.init()[0].hw.tables);
    // Even a zero transfer timeout, fatal to the long IPC, never fires without a fault.
    expect(failures(run({ movement: 'registers', sendXfer: 'zero' }).r)).toEqual({ 'a page fault occurs inside an IPC': 'unwitnessed' });
  });

  it('refuses configurations outside its range, naming what it needs', () => {
    expect(() => l4LongIpc({ pages: 3 })).toThrow(/pages must be a whole number from 1 to 2/);
    expect(() => l4LongIpc({ pages: 1, dstUnmapped: 2 })).toThrow(/dstUnmapped must be a whole number from 0 to 1/);
    expect(() => l4LongIpc({ sendXfer: 'soon' as never })).toThrow(/unknown sendXfer 'soon'/);
    expect(() => l4LongIpc({ bug: 'nope' as never })).toThrow(/unknown bug 'nope'/);
    expect(() => l4LongIpc({ bug: 'pagerCycle', dstUnmapped: 0 })).toThrow(/needs a fault in the receive area/);
    expect(() => l4LongIpc({ movement: 'copy' as never })).toThrow(/unknown movement 'copy'/);
    for (const bug of ['pagerFaultsInHandler', 'pagerCycle', 'silentPager', 'skipFaultedPage'] as const) {
      expect(() => l4LongIpc({ movement: 'registers', bug })).toThrow(new RangeError(`l4LongIpc: bug '${bug}' needs a page fault inside the IPC, which movement 'registers' never takes`));
    }
  });

  it('gives every registry run its expected verdicts, each well under 100,000 states', () => {
    const sizes: Record<string, number> = {};
    for (const entryRun of l4LongIpcEntry.runs) {
      const r = check(l4LongIpcEntry.make({ ...l4LongIpcEntry.defaults, ...entryRun.set }));
      expect(Object.fromEntries(r.properties.map((p) => [p.name, p.verdict.status])), entryRun.label).toEqual(entryRun.expect);
      sizes[entryRun.label] = r.stats.distinct;
    }
    expect(sizes).toEqual({
      'default (xfer timeouts never)': 39,
      'finite xfer timeouts': 57,
      'zero send xfer timeout': 27,
      'one page, both sides unmapped': 38,
      'no unmapped page': 29,
      'F1 pagerFaultsInHandler': 37,
      'F2 pagerCycle': 34,
      'F2 pagerCycle, finite xfer timeouts': 45,
      'F3 silentPager': 37,
      'F3 silentPager, finite xfer timeouts': 54,
      skipFaultedPage: 38,
      'message registers': 25,
    });
  });
});
