/**
 * A lasso's fairness argument in the text report, the JSON trace (an optional field that replay
 * ignores and the reader checks) and the DOT drawing (a note beside the state the cycle returns to).
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.js';
import { traceToDot } from '../../counterexamples/dot.js';
import { fairnessArgument } from '../../counterexamples/fairnessArgument.js';
import { parseTraceJson, replayJson, traceToJson } from '../../counterexamples/json.js';
import { argumentText, propertyTraceText } from '../../counterexamples/text.js';
import { closedDoor, spinFinish, twoThreadLock } from './lassoFixtures.js';

const lock = twoThreadLock('weak');
const starves = check(lock).properties[0];

describe('the fairness argument in the text report', () => {
  it('follows the lasso, each sentence indented and wrapped at 100 characters, a quoted name kept whole', () => {
    expect(propertyTraceText(lock, starves)).toBe(
      [
        "lock(weak): 'thread 0 gets the lock' violated (a path of 1 state, then a cycle of 2 steps back to state 1)",
        'State 1 (initial)',
        '  pc[0] = "idle"',
        '  pc[1] = "idle"',
        '  locked = false',
        "  <-- the premise of 'thread 0 gets the lock' holds here, and on this fair path its goal never comes",
        '--- cycle from state 1: the steps below repeat for ever ---',
        'Step 1: Acquire(t=1) → state 2',
        '  pc[1]: "idle" → "critical"',
        '  locked: false → true',
        'Step 2: Release(t=1) → state 3',
        '  pc[1]: "critical" → "idle"',
        '  locked: true → false',
        '↺ back to state 1, and round again for ever',
        'Why this lasso is a counterexample:',
        '  Steps 1–2 repeat for ever, from state 1 back to it, and the path is fair:',
        "  Taken on the cycle (weakly fair): 'thread 1' (steps 1 and 2).",
        "  Weakly fair but not enabled continuously on the cycle, so not forced to take a step: 'thread 0'",
        "    (enabled at 1 of the cycle's 2 states, not at state 2).",
        "  The goal of 'thread 0 gets the lock' holds at none of states 1–2 (from state 1, where its",
        '    premise holds, to the end of the cycle), so it never comes.',
      ].join('\n'),
    );
  });

  it('never breaks a line inside a quoted name', () => {
    const text = argumentText(["Never enabled on the cycle, so no fairness forces a step: 'a rather long group name that would break'."]);
    expect(text.split('\n')).toEqual([
      'Why this lasso is a counterexample:',
      '  Never enabled on the cycle, so no fairness forces a step:',
      "    'a rather long group name that would break'.",
    ]);
  });
});

describe('a response postponed by a cycle in the text report', () => {
  it('says the cycle repeats any number of times before the answer, not for ever', () => {
    const spinner = spinFinish({ canFail: false, finisher: 'strong' });
    const text = propertyTraceText(spinner, check(spinner).properties.find((p) => p.name === 'spins from 0 until done')!)!;
    expect(text.split('\n').filter((l) => l.startsWith('---') || l.startsWith('↺'))).toEqual([
      '--- cycle from state 1: the steps below repeat any number of times before the answer ---',
      '↺ back to state 1, and round again any number of times',
    ]);
  });
});

describe('the fairness argument in the JSON trace', () => {
  const file = traceToJson(lock, starves);

  it('is recorded as one string per sentence', () => {
    expect(file.argument).toEqual(fairnessArgument(lock, starves));
    expect(file.argument).toHaveLength(4);
  });

  it('survives parsing, and the file still replays with every state reproduced', () => {
    const parsed = parseTraceJson(JSON.stringify(file));
    expect(parsed.ok && parsed.value.argument).toEqual(file.argument);
    if (!parsed.ok) return;
    const r = replayJson(lock, parsed.value);
    expect(r.ok && r.matches && r.trace.loop).toBe(0);
  });

  it('replays the same without it, and a trace that is not a lasso has none', () => {
    const parsed = parseTraceJson(JSON.stringify({ ...file, argument: undefined }));
    expect(parsed.ok && replayJson(lock, parsed.value)).toMatchObject({ ok: true, matches: true });
    const safety = check({ ...lock, properties: [{ kind: 'always', name: 'never locked', holds: (s) => !s.locked }] });
    expect(traceToJson(lock, safety.properties[0])).not.toHaveProperty('argument');
  });

  it('is refused, with a one-line error, when it is not a list of strings or the path is not a lasso', () => {
    expect(parseTraceJson(JSON.stringify({ ...file, argument: 'fair' }))).toEqual({ ok: false, error: 'argument must be an array, found string "fair"' });
    expect(parseTraceJson(JSON.stringify({ ...file, argument: ['fair', 2] }))).toEqual({ ok: false, error: 'argument[1] must be a string, found number 2' });
    const path = { init: 0, actions: file.path.actions };
    expect(parseTraceJson(JSON.stringify({ ...file, path }))).toEqual({ ok: false, error: 'argument is only allowed on a lasso: the path has no "loop"' });
  });
});

describe('the fairness argument in DOT', () => {
  it('is a note on the rank of the state the cycle returns to, joined to it by a dotted line, in ASCII', () => {
    const door = closedDoor();
    const dot = traceToDot(door, check(door).properties[0]);
    expect(dot).toContain('s2 -> s1 [label="3. Spin\\n(back to state 2)"');
    expect(dot).toContain(
      '  why [shape=note, style=filled, fillcolor="#fef5e7", color="#d35400", fontcolor="#333333", label="Steps 2-3 repeat for ever, from state 2 back to it, and the\\l' +
        "  path is fair:\\lTaken on the cycle (weakly fair): 'spinner' (steps 2 and 3).\\l",
    );
    expect(dot).toContain('  { rank=same; s1; why; }\n  s1 -> why [style=dotted, arrowhead=none, color="#d35400"];\n}\n');
    expect(dot.match(/why \[[^\n]*/)![0]).not.toMatch(/[^\x20-\x7e]/);
  });
});
