import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.js';
import {
  MODEL_ERROR_VERDICT,
  modelErrorToJson,
  parseTraceJson,
  replayJson,
  traceToJson,
  type TraceJson,
} from '../../counterexamples/json.js';
import { dieHard } from '../../model/classic/dieHard.js';
import { overflowingCounter, sender, witnessedCounter } from './fixtures.js';

const model = dieHard();
const bigJug = check(model).properties.find((p) => p.name === 'big jug never holds 4')!;

function parsed(text: string): TraceJson {
  const r = parseTraceJson(text);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

describe('JSON counterexamples', () => {
  it("dieHard's trace records the model, configuration, property, path, labels and states", () => {
    expect(traceToJson(model, bigJug)).toEqual({
      format: 'ipc-check-trace',
      version: 1,
      model: 'dieHard(small=3,big=5,target=4)',
      config: { small: 3, big: 5, target: 4 },
      property: { name: 'big jug never holds 4', kind: 'always' },
      verdict: 'violated',
      path: { init: 0, actions: [1, 5, 2, 5, 1, 5] },
      actions: ['FillBig', 'BigToSmall', 'EmptySmall', 'BigToSmall', 'FillBig', 'BigToSmall'],
      states: [
        { small: 0, big: 0 },
        { small: 0, big: 5 },
        { small: 3, big: 2 },
        { small: 0, big: 2 },
        { small: 2, big: 0 },
        { small: 2, big: 5 },
        { small: 3, big: 4 },
      ],
    });
  });

  it('a trace survives stringify, parse and replay with every state reproduced', () => {
    const file = traceToJson(model, bigJug);
    const back = parsed(JSON.stringify(file, null, 2));
    expect(back).toEqual(file);
    const replayed = replayJson(dieHard(back.config), back);
    if (!replayed.ok) throw new Error(replayed.error);
    expect(replayed.matches).toBe(true);
    expect(replayed.mismatch).toBeUndefined();
    expect([replayed.trace.init, ...replayed.trace.steps.map((s) => s.state)]).toEqual(file.states);
  });

  it('a growth witness round-trips with its growth record and all repeated rounds', () => {
    const growing = sender();
    const pr = check(growing).properties[0];
    const file = traceToJson(growing, pr);
    expect(file.verdict).toBe('unbounded');
    expect(file.growth).toEqual({ loopStart: 4, loopEnd: 6, prefixSteps: 6, rounds: 5, measures: [3, 4, 5, 6, 7, 8], growthPerRound: 1, unit: 'message' });
    expect(file.path.actions).toHaveLength(16);
    const back = parsed(JSON.stringify(file));
    expect(back).toEqual(file);
    const replayed = replayJson(growing, back);
    expect(replayed.ok && replayed.matches).toBe(true);
  });

  it('a witnessed sometimes property is recorded like a violation', () => {
    const counter = witnessedCounter();
    const file = traceToJson(counter, check(counter).properties.find((p) => p.name === 'n reaches 2')!);
    expect(file.verdict).toBe('witnessed');
    expect(file.states).toEqual([{ n: 0 }, { n: 1 }, { n: 2 }]);
  });

  it('a verdict without a trace is refused', () => {
    const holds = check(model).properties.find((p) => p.name === 'type ok')!;
    expect(() => traceToJson(model, holds)).toThrow(/'type ok' is 'holds', which has no trace/);
  });

  it('a model error is recorded with its code and failing action, and its path replays', () => {
    const counter = overflowingCounter();
    const err = check(counter).modelError!;
    const file = modelErrorToJson(counter, err)!;
    expect(file.verdict).toBe(MODEL_ERROR_VERDICT);
    expect(file.property).toBeUndefined();
    expect(file.error).toMatchObject({ code: 'IPC002', action: 'Inc' });
    expect(file.states).toEqual([{ n: 0 }, { n: 1 }, { n: 2 }]);
    const back = parsed(JSON.stringify(file));
    expect(back).toEqual(file);
    expect(replayJson(counter, back)).toMatchObject({ ok: true, matches: true });
    expect(modelErrorToJson(counter, { ...err, trace: undefined })).toBeUndefined();
  });

  it('replay reports the first recorded state that the model no longer produces', () => {
    const file = traceToJson(model, bigJug);
    const tampered = { ...file, states: file.states.map((s, i) => (i === 3 ? { small: 1, big: 2 } : s)) };
    const replayed = replayJson(model, parsed(JSON.stringify(tampered)));
    if (!replayed.ok) throw new Error(replayed.error);
    expect(replayed.matches).toBe(false);
    expect(replayed.mismatchStep).toBe(3);
    expect(replayed.mismatch).toBe('state 4 (after step 3, EmptySmall): recorded {"small":1,"big":2}, replayed {"small":0,"big":2}');
  });

  it('replay of a path the model cannot follow fails with the model error code instead of throwing', () => {
    const file = traceToJson(model, bigJug);
    const replayed = replayJson(model, { ...file, path: { init: 0, actions: [1, 5, 9, 5, 1, 5] } });
    expect(replayed.ok).toBe(false);
    if (!replayed.ok) {
      expect(replayed.code).toBe('IPC003');
      expect(replayed.error).toMatch(/^IPC003: step 3: action index 9 is out of range, 6 action\(s\) are enabled/);
    }
  });
});

describe('parseTraceJson rejects malformed files with a one-line error', () => {
  const good = traceToJson(model, bigJug);
  const cases: [claim: string, text: string, error: RegExp][] = [
    ['text that is not JSON', '{"format": ', /^not JSON: /],
    ['a JSON value that is not an object', '[1, 2]', /^the trace file must be an object, found an array$/],
    ['a missing format tag', JSON.stringify({ ...good, format: undefined }), /the "format" field is missing/],
    ['a foreign format tag', JSON.stringify({ ...good, format: 'tlc-trace' }), /^not an ipc-check trace: format is string "tlc-trace"/],
    ['another version', JSON.stringify({ ...good, version: 2 }), /^unsupported trace version number 2/],
    ['a missing path', JSON.stringify({ ...good, path: undefined }), /^the trace has no "path": nothing to replay$/],
    ['a path that is not an object', JSON.stringify({ ...good, path: [1, 2] }), /^path must be an object, found an array$/],
    ['a non-integer action index', JSON.stringify({ ...good, path: { init: 0, actions: [1, 5, 2.5, 5, 1, 5] } }), /^path\.actions\[2\] must be a non-negative integer, found number 2\.5$/],
    ['a negative initial index', JSON.stringify({ ...good, path: { init: -1, actions: good.path.actions } }), /^path\.init must be a non-negative integer, found number -1$/],
    ['an index given as a string', JSON.stringify({ ...good, path: { init: '0', actions: good.path.actions } }), /^path\.init must be a non-negative integer, found string "0"$/],
    ['labels that do not match the path', JSON.stringify({ ...good, actions: good.actions.slice(1) }), /^actions has 5 label\(s\) but path\.actions has 6 step\(s\)$/],
    ['too few states', JSON.stringify({ ...good, states: good.states.slice(1) }), /^states must hold 7 state\(s\)/],
    ['an unknown verdict', JSON.stringify({ ...good, verdict: 'broken' }), /^verdict "broken" is not one of/],
    ['a missing property', JSON.stringify({ ...good, property: undefined }), /^property must be an object, found missing$/],
    ['an unknown property kind', JSON.stringify({ ...good, property: { name: 'p', kind: 'eventually' } }), /^property\.kind "eventually" is not one of/],
    ['a non-scalar config value', JSON.stringify({ ...good, config: { small: [3] } }), /^config\.small must be a number, string or boolean, found an array$/],
    ['a missing model name', JSON.stringify({ ...good, model: undefined }), /^model must be a string, found missing$/],
    ['growth on a violated verdict', JSON.stringify({ ...good, growth: {} }), /^growth is only allowed with verdict "unbounded"/],
    ['an unbounded verdict without growth', JSON.stringify({ ...good, verdict: 'unbounded' }), /^growth must be an object, found missing$/],
    ['a model error without its error', JSON.stringify({ ...good, verdict: 'model error', property: undefined }), /^error must be an object, found missing$/],
  ];
  for (const [claim, text, error] of cases) {
    it(`rejects ${claim}`, () => {
      const r = parseTraceJson(text);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error).toMatch(error);
        expect(r.error).not.toContain('\n');
      }
    });
  }

  it('rejects a growth record that does not add up to the path', () => {
    const growing = sender();
    const file = traceToJson(growing, check(growing).properties[0]);
    const r = parseTraceJson(JSON.stringify({ ...file, growth: { ...file.growth, rounds: 4, measures: [3, 4, 5, 6, 7] } }));
    expect(r).toEqual({ ok: false, error: 'growth does not match the path: 6 prefix steps and 4 rounds of 2 step(s) make 14 steps, the path has 16' });
  });

  it('accepts a file without config as an empty configuration', () => {
    const r = parseTraceJson(JSON.stringify({ ...good, config: undefined }));
    expect(r.ok && r.value.config).toEqual({});
  });
});
