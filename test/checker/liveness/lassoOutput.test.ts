/**
 * Lassos in every format: the text report marks where the cycle starts and says where the last
 * step returns (or that a deadlock stays), the JSON trace keeps the loop and replays, DOT draws
 * the last step back to the cycle's first state, and the CLI table adds a `↳` line. Formats of
 * traces that are not lassos are unchanged (their snapshots live in test/counterexamples).
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../../checker/check.js';
import { defineModel, type Model } from '../../../model/core/model.js';
import { bool, int, record } from '../../../model/core/shape/index.js';
import { eventually, responseBound } from '../../../properties/index.js';
import { propertyTraceText } from '../../../counterexamples/text.js';
import { parseTraceJson, replayJson, traceToJson } from '../../../counterexamples/json.js';
import { traceToDot } from '../../../counterexamples/dot.js';
import { tableLayout, tableRows } from '../../../cli/table.js';
import { resultSummary } from '../../../cli/summary.js';

type S = { x: number; done: boolean };
type A = { kind: 'Spin' } | { kind: 'Finish' } | { kind: 'Fail' };

/** A spinner (x: 0 → 1 → 0 …) and a finisher that may finish, or fail into x = 2 where nothing is enabled. */
function spinner(canFail: boolean): Model<S, A> {
  return defineModel<S, A>({
    name: 'spinner',
    shape: record({ x: int(0, 2), done: bool() }),
    init: () => [{ x: 0, done: false }],
    actions: (s) => (s.x === 2 ? [] : [{ kind: 'Spin' }, ...(s.done ? [] : [{ kind: 'Finish' } as const]), ...(s.done || !canFail ? [] : [{ kind: 'Fail' } as const])]),
    next: (s, a) => (a.kind === 'Spin' ? { ...s, x: 1 - s.x } : a.kind === 'Finish' ? { ...s, done: true } : { x: 2, done: false }),
    properties: [eventually('finishes', (s: S) => s.done), responseBound('spins until done', (s: S) => !s.done, (s: S) => s.done)],
  });
}

describe('a lasso in every format', () => {
  const model = spinner(false);
  const result = check(model);
  const pr = result.properties[0];

  it('text: the cycle starts at state 1 and the last step goes back to it', () => {
    expect(propertyTraceText(model, pr)).toBe(
      [
        "spinner: 'finishes' violated (a path of 1 state, then a cycle of 2 steps back to state 1)",
        'State 1 (initial)',
        '  x = 0',
        '  done = false',
        "  <-- the premise of 'finishes' holds here, and on this fair path its goal never comes",
        '--- cycle from state 1: the steps below repeat for ever ---',
        'Step 1: Spin → state 2',
        '  x: 0 → 1',
        'Step 2: Spin → state 3',
        '  x: 1 → 0',
        '↺ back to state 1, and round again for ever',
        'Why this lasso is a counterexample:',
        '  Steps 1–2 repeat for ever, from state 1 back to it.',
        '  The model declares no fairness, so every infinite path counts, this one included.',
        "  The goal of 'finishes' holds at none of states 1–2 (from the initial state to the end of the",
        '    cycle), so it never comes.',
      ].join('\n'),
    );
  });

  it('JSON: the path keeps its loop and replays; a loop the path does not close is refused on replay', () => {
    const file = traceToJson(model, pr);
    expect(file.path).toEqual({ init: 0, actions: [0, 0], loop: 0 });
    expect(file.premiseAt).toBe(0);
    const parsed = parseTraceJson(JSON.stringify(file));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const r = replayJson(model, parsed.value);
    expect(r.ok && r.matches && r.trace.loop).toBe(0);
    const broken = replayJson(model, { ...parsed.value, path: { init: 0, actions: [0], loop: 0 }, actions: ['Spin'], states: parsed.value.states.slice(0, 2) });
    expect(broken).toMatchObject({ ok: false, code: 'IPC003' });
  });

  it('DOT: two states drawn, the second step an edge back to state 1 in the loop colour', () => {
    const dot = traceToDot(model, pr);
    expect(dot).toContain('s0 -> s1 [label="1. Spin", color="#d35400"');
    expect(dot).toContain('s1 -> s0 [label="2. Spin\\n(back to state 1)", color="#d35400", fontcolor="#d35400", penwidth=2, constraint=false];');
    expect(dot).not.toContain('s2 [');
  });

  it('CLI: the table says the shape of the lasso on a ↳ line, and --json the loop and why', () => {
    const layout = tableLayout([model.name], model.properties.map((p) => p.name), false);
    const rows = tableRows(result, layout);
    expect(rows.filter((r) => r.startsWith('  ↳'))).toEqual([
      "  ↳ 'finishes' violated (a path of 1 state, then a cycle of 2 steps back to state 1)",
      "  ↳ 'spins until done' violated (unbounded, never answered: a path of 1 state, then a cycle of 2 steps back to state 1)",
    ]);
    const summary = resultSummary(result, []);
    expect(summary.properties[1]).toMatchObject({ status: 'violated', why: 'never answered', path: { init: 0, actions: [0, 0], loop: 0 }, premiseAt: 0 });
  });
});

describe('a lasso that ends in a deadlock', () => {
  const model = spinner(true);
  const result = check({ ...model, fairness: { groups: [{ name: 'spinner', kind: 'weak' }, { name: 'finisher', kind: 'weak' }], groupOf: (_s, a) => (a.kind === 'Spin' ? 0 : 1) } });
  const pr = result.properties[0];

  it('text: the last state stays for ever', () => {
    const text = propertyTraceText(model, pr)!;
    expect(text.split('\n')[0]).toBe("spinner: 'finishes' violated (a path of 2 states into a deadlock, where it stays)");
    expect(text.split('\n').find((l) => l.startsWith('State 2 '))).toBe('State 2 stays here for ever (deadlock: no action leads anywhere)');
  });

  it('DOT: a dashed self-loop on the last state', () => {
    expect(traceToDot(model, pr)).toContain('s1 -> s1 [label="stays for ever\\n(deadlock)", style=dashed');
  });

  it('a response bound that holds prints its bound on a ↳ line', () => {
    const fair = check({
      ...spinner(false),
      properties: [responseBound('spins until done', (s: S) => !s.done, (s: S) => s.done)],
      fairness: { groups: [{ name: 'spinner', kind: 'weak' }, { name: 'finisher', kind: 'strong' }], groupOf: (_s, a) => (a.kind === 'Spin' ? 0 : 1) },
    });
    const layout = tableLayout(['spinner'], ['spins until done'], false);
    // Strong fairness forces Finish, but spinning can postpone it any number of rounds.
    expect(tableRows(fair, layout).filter((r) => r.startsWith('  ↳'))).toEqual([
      "  ↳ 'spins until done' violated (unbounded, postponed by a cycle: a path of 1 state, then a cycle of 2 steps back to state 1)",
    ]);
    const counted = check({
      ...spinner(false),
      properties: [responseBound<S, A>('finisher steps until done', (s) => !s.done, (s) => s.done, (_s, a) => a.kind !== 'Spin')],
      fairness: { groups: [{ name: 'spinner', kind: 'weak' }, { name: 'finisher', kind: 'strong' }], groupOf: (_s, a) => (a.kind === 'Spin' ? 0 : 1) },
    });
    expect(tableRows(counted, tableLayout(['spinner'], ['finisher steps until done'], false)).filter((r) => r.startsWith('  ↳'))).toEqual([
      "  ↳ 'finisher steps until done' holds (bound 1 step): the worst case over every fair path",
    ]);
  });
});
