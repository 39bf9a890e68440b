/**
 * Bounded properties: a complete search within the bound proves it with the exact maximum; a
 * bound exceeded by a measure that keeps growing gives a replayable growth witness; a bound merely
 * exceeded gives a plain counterexample.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.js';
import { replay } from '../../checker/replay.js';
import type { Verdict } from '../../checker/result.js';
import { defineModel, type Model } from '../../model/core/model.js';
import { int, queue, record, type Infer } from '../../model/core/shape/index.js';
import { bounded } from '../../properties/index.js';

const mailboxShape = record({ q: queue(8, int(0, 1)), sent: int(0, 1) });
type Mailbox = Infer<typeof mailboxShape>;
type MailAction = { readonly kind: 'Send' } | { readonly kind: 'Recv' };

/**
 * A mailbox: `Send` appends a message while there is room, `Recv` takes the head. The measure is
 * the queue length, which one `Send` grows by one.
 */
function mailbox(max: number, guarded = true): Model<Mailbox, MailAction> {
  return defineModel<Mailbox, MailAction>({
    name: `mailbox(max=${max})`,
    shape: mailboxShape,
    init: () => [{ q: [], sent: 0 }],
    actions: (s) => [
      ...(!guarded || s.q.length < 8 ? [{ kind: 'Send' } as const] : []),
      ...(s.q.length > 0 ? [{ kind: 'Recv' } as const] : []),
    ],
    next: (s, a) => (a.kind === 'Send' ? { q: [...s.q, s.sent], sent: 1 - s.sent } : { q: s.q.slice(1), sent: s.sent }),
    properties: [bounded(`at most ${max} messages`, (s) => s.q.length, max, 'message')],
  });
}

const counterShape = record({ n: int(0, 7) });
type Counter = Infer<typeof counterShape>;
type CounterAction = { readonly kind: 'Inc' } | { readonly kind: 'Reset' };

/** A counter that can pass the bound `max` by one and no further, and can be reset. */
function cappedCounter(max: number): Model<Counter, CounterAction> {
  return defineModel<Counter, CounterAction>({
    name: `capped(max=${max})`,
    shape: counterShape,
    init: () => [{ n: 0 }],
    actions: (s) => [...(s.n <= max ? [{ kind: 'Inc' } as const] : []), ...(s.n > 0 ? [{ kind: 'Reset' } as const] : [])],
    next: (s, a) => (a.kind === 'Inc' ? { n: s.n + 1 } : { n: 0 }),
    properties: [bounded(`n ≤ ${max}`, (s) => s.n, max)],
  });
}

function expectStatus<S, A extends { kind: string }, K extends Verdict<S, A>['status']>(v: Verdict<S, A>, status: K): Extract<Verdict<S, A>, { status: K }> {
  expect(v.status).toBe(status);
  return v as Extract<Verdict<S, A>, { status: K }>;
}

describe('bounded', () => {
  it('reports an unbounded queue with a growth witness of one message per Send round', () => {
    const model = mailbox(3);
    const r = check(model, { growthRounds: 3 });
    const v = expectStatus(r.verdicts['at most 3 messages'], 'unbounded');
    // The shortest trace past the bound is four Sends; the last Send, repeated three more times,
    // grows the queue by one each round.
    expect(v.growth).toEqual({ loopStart: 3, loopEnd: 4, prefixSteps: 4, rounds: 3, measures: [4, 5, 6, 7], growthPerRound: 1, unit: 'message' });
    expect(v.trace.steps.map((s) => s.action.kind)).toEqual(Array(7).fill('Send'));
    expect(v.trace.path).toEqual({ init: 0, actions: [0, 0, 0, 0, 0, 0, 0] });
    expect(v.trace.steps.map((s) => s.state.q.length)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(r.ok).toBe(false);
  });

  it('gives a growth witness whose whole trace (prefix and rounds) replays to the same states', () => {
    const model = mailbox(2);
    const v = expectStatus(check(model, { growthRounds: 4 }).verdicts['at most 2 messages'], 'unbounded');
    expect(v.growth.rounds).toBe(4);
    expect(v.trace.steps).toHaveLength(v.growth.prefixSteps + v.growth.rounds * (v.growth.loopEnd - v.growth.loopStart));
    const replayed = replay(model, v.trace.path);
    expect(replayed.init).toEqual(v.trace.init);
    expect(replayed.steps).toEqual(v.trace.steps);
  });

  it('finds a segment of two actions when no single action repeats', () => {
    // Send needs an Arm first and disarms: the shortest trace past 2 is Arm Send Arm Send Arm Send.
    const shape = record({ armed: int(0, 1), n: int(0, 15) });
    type S = Infer<typeof shape>;
    type A = { readonly kind: 'Arm' } | { readonly kind: 'Send' };
    const model = defineModel<S, A>({
      name: 'armed sender',
      shape,
      init: () => [{ armed: 0, n: 0 }],
      actions: (s) => (s.armed === 1 ? [{ kind: 'Send' }] : s.n < 15 ? [{ kind: 'Arm' }] : []),
      next: (s, a) => (a.kind === 'Arm' ? { armed: 1, n: s.n } : { armed: 0, n: s.n + 1 }),
      properties: [bounded('n ≤ 2', (s) => s.n, 2, 'send')],
    });
    const v = expectStatus(check(model, { growthRounds: 2 }).verdicts['n ≤ 2'], 'unbounded');
    expect(v.growth).toEqual({ loopStart: 4, loopEnd: 6, prefixSteps: 6, rounds: 2, measures: [3, 4, 5], growthPerRound: 1, unit: 'send' });
    expect(v.trace.steps.map((s) => s.action.kind).join(' ')).toBe('Arm Send Arm Send Arm Send Arm Send Arm Send');
    expect(replay(model, v.trace.path).steps).toEqual(v.trace.steps);
  });

  it('replays five rounds by default', () => {
    const v = expectStatus(check(mailbox(1)).verdicts['at most 1 messages'], 'unbounded');
    expect(v.growth.rounds).toBe(5);
    expect(v.growth.measures).toEqual([2, 3, 4, 5, 6, 7]);
  });

  it('keeps only the rounds that fit the declared shape when the model does not guard it', () => {
    // Unguarded Send: a ninth message would overflow queue(8, …); from 5 messages, 3 rounds fit.
    const v = expectStatus(check(mailbox(4, false), { growthRounds: 10 }).verdicts['at most 4 messages'], 'unbounded');
    expect(v.growth.rounds).toBe(3);
    expect(v.growth.measures).toEqual([5, 6, 7, 8]);
  });

  it('reports violated, not unbounded, when the model itself caps growth before the requested rounds', () => {
    // Guarded Send stops at 8 messages: from 5, only 3 of the 5 default rounds are enabled. The
    // measure really is bounded (by 8), so the honest verdict is the bound exceeded, with its maximum.
    const v = expectStatus(check(mailbox(4)).verdicts['at most 4 messages'], 'violated');
    expect(v.maxReached).toBe(8);
    expect(v.trace.steps).toHaveLength(5);
  });

  it('reports a bound exceeded by a measure that cannot keep growing as violated, with maxReached', () => {
    const r = check(cappedCounter(3));
    const v = expectStatus(r.verdicts['n ≤ 3'], 'violated');
    expect(v.maxReached).toBe(4);
    expect(v.trace.path).toEqual({ init: 0, actions: [0, 0, 0, 0] });
    expect(v.trace.steps.at(-1)!.state).toEqual({ n: 4 });
    expect(r).toMatchObject({ ok: false, complete: true, stats: { distinct: 5 } });
  });

  it('never claims unbounded growth without a repeated round, whatever growthRounds says', () => {
    // The counter stops at max+1, so no round can grow it; zero rounds must not count as a witness.
    for (const growthRounds of [0, -1]) {
      const v = check(cappedCounter(3), { growthRounds }).verdicts['n ≤ 3'];
      expect(v.status).toBe('violated');
    }
  });

  it('proves a bound on a complete search, reporting the exact maximum reached', () => {
    const r = check(mailbox(8));
    expect(r.verdicts['at most 8 messages']).toEqual({ status: 'holds', maxReached: 8 });
    expect(r).toMatchObject({ ok: true, complete: true, stats: { distinct: 18 } });
    // A bound above what the model can reach: maxReached is the true maximum, not the bound.
    expect(check(mailbox(11)).verdicts['at most 11 messages']).toEqual({ status: 'holds', maxReached: 8 });
  });

  it('says unknown, with the maximum seen so far, when an incomplete search stays within the bound', () => {
    const r = check(mailbox(8), { maxStates: 6 });
    expect(r).toMatchObject({ complete: false, stoppedBy: 'maxStates' });
    expect(r.verdicts['at most 8 messages']).toEqual({ status: 'unknown', maxReached: 3 });
  });
});
