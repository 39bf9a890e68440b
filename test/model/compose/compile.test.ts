/**
 * The program compiler of the composed models: `compileProgram` flattens a thread's program into
 * instructions with jumps and `nextOperations` finds the operations a thread at `pc` can run next,
 * with the loop counters on the way there.
 */
import { describe, expect, it } from 'vitest';
import { compileProgram, nextOperations, type CompiledProgram } from '../../../model/compose/compile.js';
import {
  answer,
  choose,
  forever,
  ifReceived,
  lock,
  native,
  prepare,
  receive,
  repeat,
  reply,
  replySaved,
  replyServe,
  rpc,
  save,
  send,
  serve,
  set,
  signal,
  touch,
  unlock,
  wait,
  type Operation,
} from '../../../model/workloads/program.js';

/** The label of the instruction at `at`, without its number: `rpc svc`. */
const opAt = (p: CompiledProgram, at: number): string => p.labels[at].replace(/^\d+: /, '');
/** Where a thread at `pc` goes next, as operation labels with the counters on the way. */
const next = (p: CompiledProgram, pc: number, counters: readonly number[], received = 0) =>
  nextOperations(p, pc, counters, received).map((n) => ({ op: opAt(p, n.at), counters: n.counters }));
/** Runs a program whose every path is deterministic, taking the only next operation each time, up to `limit` operations. */
function trace(p: CompiledProgram, received = 0, limit = 40): string[] {
  const out: string[] = [];
  let pc = 0;
  let counters: readonly number[] = p.counters.map(() => 0);
  for (let k = 0; k < limit; k++) {
    const ns = nextOperations(p, pc, counters, received);
    if (ns.length === 0) return out;
    expect(ns).toHaveLength(1);
    out.push(opAt(p, ns[0].at));
    if (opAt(p, ns[0].at) === 'exit') return out;
    pc = ns[0].at + 1;
    counters = ns[0].counters;
  }
  return out;
}

describe('compileProgram', () => {
  it('a straight-line program gets exit and end appended, and every instruction a numbered label', () => {
    const p = compileProgram([prepare(), rpc('svc')]);
    expect(p.labels).toEqual(['0: prepare', '1: rpc svc', '2: exit', '3: end']);
    expect(p.finite).toBe(true);
    expect(p.counters).toEqual([]);
  });

  it('labels show each operation the way traces do', () => {
    const p = compileProgram([set(1), answer(), touch(1, 'write'), touch(0), lock(0), unlock(0), save(0), replySaved(0), reply(), replyServe('svc'), signal('ev'), wait('ev'), send('ch'), native('NBSend(ch)', { seL4: { kind: 'NBSend' } })]);
    expect(p.labels.slice(0, 14)).toEqual([
      '0: set 1',
      '1: answer',
      '2: touch 1 (write)',
      '3: touch 0',
      '4: lock 0',
      '5: unlock 0',
      '6: save 0',
      '7: replySaved 0',
      '8: reply',
      '9: replyServe svc',
      '10: signal ev',
      '11: wait ev',
      '12: send ch',
      '13: NBSend(ch)',
    ]);
  });

  it('a repeat gets a loop counter whose bound is its count, and a loop instruction that exits past the jump back', () => {
    const p = compileProgram([repeat(3, prepare(), rpc('svc'))]);
    expect(p.counters).toEqual([3]);
    expect(p.labels).toEqual(['0: loop', '1: prepare', '2: rpc svc', '3: jump', '4: exit', '5: end']);
    expect(p.code[0]).toEqual({ i: 'loop', counter: 0, times: 3, exit: 4 });
    expect(p.code[3]).toEqual({ i: 'jump', to: 0 });
  });

  it('nested repeats get one counter each, outer first', () => {
    const p = compileProgram([repeat(2, repeat(3, prepare()), send('ch'))]);
    expect(p.counters).toEqual([2, 3]);
  });

  it('a program with an endless loop on every path is not finite and gets no exit', () => {
    const p = compileProgram([serve('svc'), forever(answer(), reply(), serve('svc'))]);
    expect(p.finite).toBe(false);
    expect(p.labels.some((l) => l.endsWith('exit'))).toBe(false);
    expect(p.labels[p.labels.length - 1]).toMatch(/: end$/);
  });

  it('a program that can leave its only endless loop through a choice is finite and gets exit', () => {
    const p = compileProgram([choose([forever(receive('ch'))], [send('ch')])]);
    expect(p.finite).toBe(true);
    expect(p.labels.some((l) => l.endsWith('exit'))).toBe(true);
  });

  it('in an endless program every receive-type operation (serve, replyServe, receive, wait) is a rest point, and no other', () => {
    const p = compileProgram([serve('svc'), forever(answer(), choose([replyServe('svc')], [reply(), receive('ch')]), signal('ev'), wait('ev'), rpc('svc2'), send('ch'))]);
    const rest = p.code.flatMap((x) => (x.i === 'op' && x.rest ? [x.op.op] : []));
    expect(rest.sort()).toEqual(['receive', 'replyServe', 'serve', 'wait']);
    const notRest = p.code.flatMap((x) => (x.i === 'op' && !x.rest ? [x.op.op] : []));
    expect(notRest.sort()).toEqual(['answer', 'reply', 'rpc', 'send', 'signal']);
  });

  it('in a finite program no operation is a rest point, not even a receive', () => {
    const p = compileProgram([repeat(2, serve('svc'), reply()), receive('ch'), wait('ev')]);
    expect(p.finite).toBe(true);
    expect(p.code.filter((x) => x.i === 'op' && x.rest)).toEqual([]);
  });

  it('a choose compiles to one target per alternative, each jumping past the last alternative', () => {
    const p = compileProgram([choose([send('a')], [send('b'), send('c')], [receive('d')]), prepare()]);
    const c = p.code[0];
    expect(c.i).toBe('choose');
    if (c.i !== 'choose') return;
    expect(c.targets.map((k) => opAt(p, k))).toEqual(['send a', 'send b', 'receive d']);
    const after = p.labels.indexOf(p.labels.find((l) => l.endsWith('prepare'))!);
    const jumps = p.code.filter((x) => x.i === 'jump');
    expect(jumps).toHaveLength(3);
    for (const j of jumps) expect(j).toEqual({ i: 'jump', to: after });
  });

  it('an ifReceived compiles to a branch on its value whose otherwise target is the else block', () => {
    const p = compileProgram([receive('ch'), ifReceived(1, [signal('ev')], [send('ch')]), wait('ev')]);
    expect(p.labels).toEqual(['0: receive ch', '1: branch', '2: signal ev', '3: jump', '4: send ch', '5: wait ev', '6: exit', '7: end']);
    expect(p.code[1]).toEqual({ i: 'branch', value: 1, otherwise: 4 });
    expect(p.code[3]).toEqual({ i: 'jump', to: 5 });
  });
});

describe('nextOperations', () => {
  it('from an operation, the operation itself is next, with the counters unchanged', () => {
    const p = compileProgram([prepare(), rpc('svc')]);
    expect(next(p, 1, [])).toEqual([{ op: 'rpc svc', counters: [] }]);
  });

  it('entering a repeat counts the first round', () => {
    const p = compileProgram([repeat(2, prepare(), rpc('svc'))]);
    expect(next(p, 0, [0])).toEqual([{ op: 'prepare', counters: [1] }]);
  });

  it('the jump back at the end of a round counts the next round', () => {
    const p = compileProgram([repeat(2, prepare(), rpc('svc'))]);
    expect(next(p, 3, [1])).toEqual([{ op: 'prepare', counters: [2] }]);
  });

  it('after the last round the loop exits and its counter is reset to 0', () => {
    const p = compileProgram([repeat(2, prepare(), rpc('svc'))]);
    expect(next(p, 3, [2])).toEqual([{ op: 'exit', counters: [0] }]);
  });

  it('a repeat runs its body exactly `times` times, then the program exits', () => {
    expect(trace(compileProgram([repeat(3, set(0), send('ch'))]))).toEqual(['set 0', 'send ch', 'set 0', 'send ch', 'set 0', 'send ch', 'exit']);
  });

  it('repeat(0) skips its body', () => {
    expect(trace(compileProgram([repeat(0, send('ch')), receive('ch')]))).toEqual(['receive ch', 'exit']);
  });

  it('an inner repeat inside an outer loop starts from 0 again on every outer round, because its counter was reset', () => {
    expect(trace(compileProgram([repeat(2, repeat(2, send('a')), send('b'))]))).toEqual(['send a', 'send a', 'send b', 'send a', 'send a', 'send b', 'exit']);
  });

  it('an inner repeat inside forever runs its count on every round of the endless loop', () => {
    const ops = trace(compileProgram([forever(repeat(2, send('a')), receive('b'))]), 0, 9);
    expect(ops).toEqual(['send a', 'send a', 'receive b', 'send a', 'send a', 'receive b', 'send a', 'send a', 'receive b']);
  });

  it('forever returns to the top of its body after the last operation', () => {
    const p = compileProgram([serve('svc'), forever(answer(), reply(), serve('svc'))]);
    const last = p.labels.findIndex((l) => l === '3: serve svc');
    expect(next(p, last + 1, [])).toEqual([{ op: 'answer', counters: [] }]);
  });

  it('an endless program never reaches an end', () => {
    const ops = trace(compileProgram([forever(receive('ch'))]), 0, 25);
    expect(ops).toHaveLength(25);
    expect(new Set(ops)).toEqual(new Set(['receive ch']));
  });

  it('a choose fans out to the first operation of every alternative', () => {
    const p = compileProgram([choose([send('a')], [prepare(), send('b')], [receive('c')])]);
    expect(next(p, 0, [])).toEqual([
      { op: 'send a', counters: [] },
      { op: 'prepare', counters: [] },
      { op: 'receive c', counters: [] },
    ]);
  });

  it('an empty alternative of a choose leads past the choose', () => {
    const p = compileProgram([choose([], [send('a')]), receive('b')]);
    expect(next(p, 0, []).map((n) => n.op)).toEqual(['receive b', 'send a']);
  });

  it('a choose that is the body of a forever offers its alternatives again after each one', () => {
    const p = compileProgram([forever(choose([send('a')], [send('b')]))]);
    const afterB = p.labels.findIndex((l) => l.endsWith('send b')) + 1;
    expect(next(p, afterB, []).map((n) => n.op)).toEqual(['send a', 'send b']);
  });

  it('ifReceived takes the then branch when the value last received is its value', () => {
    const p = compileProgram([receive('ch'), ifReceived(1, [signal('ev')], [send('ch')]), wait('ev')]);
    expect(next(p, 1, [], 1)).toEqual([{ op: 'signal ev', counters: [] }]);
  });

  it('ifReceived takes the else branch on any other value', () => {
    const p = compileProgram([receive('ch'), ifReceived(1, [signal('ev')], [send('ch')]), wait('ev')]);
    expect(next(p, 1, [], 0)).toEqual([{ op: 'send ch', counters: [] }]);
    expect(next(p, 1, [], 2)).toEqual([{ op: 'send ch', counters: [] }]);
  });

  it('after the then branch control skips the else branch', () => {
    expect(trace(compileProgram([ifReceived(0, [signal('ev')], [send('ch')]), wait('ev')]), 0)).toEqual(['signal ev', 'wait ev', 'exit']);
    expect(trace(compileProgram([ifReceived(0, [signal('ev')], [send('ch')]), wait('ev')]), 1)).toEqual(['send ch', 'wait ev', 'exit']);
  });

  it('an ifReceived without an else falls through on another value', () => {
    expect(trace(compileProgram([ifReceived(0, [signal('ev')]), wait('ev')]), 1)).toEqual(['wait ev', 'exit']);
  });

  it('from the end instruction there is nothing to run', () => {
    const p = compileProgram([send('ch')]);
    expect(nextOperations(p, p.code.length - 1, [], 0)).toEqual([]);
  });

  it('an endless loop without an operation is an error that says so', () => {
    const p = compileProgram([forever()]);
    expect(() => nextOperations(p, 0, [], 0)).toThrow(/loops without an operation.*give every loop at least one operation/);
  });

  it('an endless loop whose only operation lies in a branch not taken is the same error', () => {
    const p = compileProgram([forever(ifReceived(1, [send('ch')]))]);
    expect(() => nextOperations(p, 0, [], 0)).toThrow(/loops without an operation/);
    expect(next(p, 0, [], 1)).toEqual([{ op: 'send ch', counters: [] }]);
  });

  it('compiling does not check the loops: the error comes when the thread gets there', () => {
    const p = compileProgram([send('ch'), forever()]);
    expect(next(p, 0, [])).toEqual([{ op: 'send ch', counters: [] }]);
    expect(() => nextOperations(p, 1, [], 0)).toThrow(/loops without an operation/);
  });

  it('a long bounded loop whose operation is in one branch of a choice runs its rounds without an error', () => {
    const p = compileProgram([repeat(10, choose([prepare()], []))]);
    // The prepare of each round 1..10, then (the empty branch of round 10) the exit with the counter reset.
    expect(nextOperations(p, 0, [0], 0).map((n) => n.counters[0])).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0]);
  });

  it('counters passed in are not modified', () => {
    const p = compileProgram([repeat(2, send('ch'))]);
    const counters = [1];
    nextOperations(p, p.labels.indexOf('2: jump'), counters, 0);
    expect(counters).toEqual([1]);
  });

  it('every design-neutral operation survives compilation as it was written', () => {
    const ops: Operation[] = [prepare(), set(1), answer(), rpc('s'), serve('s'), reply(), replyServe('s'), save(0), replySaved(0), send('c'), receive('c'), signal('e'), wait('e'), touch(1), lock(0), unlock(0)];
    const p = compileProgram(ops);
    expect(p.code.slice(0, ops.length).map((x) => (x.i === 'op' ? x.op : x))).toEqual(ops);
  });
});
