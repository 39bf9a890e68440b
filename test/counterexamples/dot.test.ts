import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.js';
import type { PropertyResult } from '../../checker/result.js';
import { dotEscape, dotQuote, lassoLabel, modelErrorToDot, traceToDot, wrapText } from '../../counterexamples/dot.js';
import { dieHard } from '../../model/classic/dieHard.js';
import { awkwardLabels, overflowingCounter, sender, witnessedCounter } from './fixtures.js';

function failing<S, A extends { kind: string }>(properties: readonly PropertyResult<S, A>[], name: string): PropertyResult<S, A> {
  const pr = properties.find((p) => p.name === name);
  if (!pr) throw new Error(`no property '${name}'`);
  return pr;
}

/** The DOT statements of one node or edge, e.g. `s3` or `s2 -> s3`. */
function statement(dot: string, head: string): string {
  const line = dot.split('\n').find((l) => l.trimStart().startsWith(`${head} [`));
  if (!line) throw new Error(`no statement for ${head}`);
  return line;
}

describe('DOT counterexamples', () => {
  const model = dieHard();
  const bigJug = failing(check(model).properties, 'big jug never holds 4');

  it("dieHard's trace is drawn as a chain of 7 states with the violation highlighted", async () => {
    await expect(traceToDot(model, bigJug)).toMatchFileSnapshot('./__snapshots__/dieHard.dot');
  });

  it('the first state lists every field and later states only the changed ones', () => {
    const dot = traceToDot(model, bigJug);
    expect(statement(dot, 's0')).toContain('State 1 (initial)\\nsmall = 0\\lbig = 0\\l');
    expect(statement(dot, 's1')).toContain('State 2\\nbig: 0 -> 5\\l"');
    expect(statement(dot, 's3')).toContain('State 4\\nsmall: 3 -> 0\\l"');
  });

  it('edges are labelled with the step number and the action', () => {
    const dot = traceToDot(model, bigJug);
    expect(statement(dot, 's0 -> s1')).toContain('label="1. FillBig"');
    expect(statement(dot, 's5 -> s6')).toContain('label="6. BigToSmall"');
    expect(dot.match(/^  s\d+ -> s\d+ /gm)).toHaveLength(6);
  });

  it('only the violating last state is red and carries the note', () => {
    const dot = traceToDot(model, bigJug);
    expect(statement(dot, 's6')).toContain("violates 'big jug never holds 4'");
    expect(statement(dot, 's6')).toContain('color="#c0392b"');
    for (let i = 0; i < 6; i++) expect(statement(dot, `s${i}`)).not.toContain('#c0392b');
  });

  it('a sometimes witness is highlighted green, not red', () => {
    const counter = witnessedCounter();
    const dot = traceToDot(counter, failing(check(counter).properties, 'n reaches 2'));
    expect(statement(dot, 's2')).toContain('color="#1e8449"');
    expect(statement(dot, 's2')).toContain("witnesses 'n reaches 2'");
    expect(dot).not.toContain('#c0392b');
  });

  it('the growth witness is drawn as its prefix plus one lasso back-edge, not every round', async () => {
    const growing = sender();
    const pr = failing(check(growing).properties, 'queue ≤ 2');
    expect(pr.verdict.status).toBe('unbounded');
    const dot = traceToDot(growing, pr);
    await expect(dot).toMatchFileSnapshot('./__snapshots__/sender-growth.dot');
    expect(dot).not.toContain('s7');
    expect(statement(dot, 's6 -> s4')).toContain('style=dashed');
    expect(statement(dot, 's6 -> s4')).toContain('repeat steps 5–6: +1 message per round');
    expect(statement(dot, 's6')).toContain("exceeds the bound of 'queue ≤ 2': measure 3");
    expect(statement(dot, 's4 -> s5')).toContain('penwidth=2');
    expect(statement(dot, 's3 -> s4')).not.toContain('penwidth');
  });

  it('quotes, backslashes and ampersands in names, values and actions are escaped', () => {
    const awkward = awkwardLabels();
    const dot = traceToDot(awkward, failing(check(awkward).properties, 'never says a & <b>'));
    expect(dot).toContain('label="awkward \\"labels\\" \\\\ &amp; <more>: ');
    expect(statement(dot, 's0')).toContain('said = \\"say \\\\\\"hi\\\\\\"\\"');
    expect(statement(dot, 's0 -> s1')).toContain('label="1. Say(what=a &amp; <b>)"');
    // Every double quote inside a label is escaped: each statement has an even number of bare quotes.
    for (const line of dot.split('\n')) expect((line.replace(/\\\\/g, '').replace(/\\"/g, '').match(/"/g) ?? []).length % 2).toBe(0);
  });

  it('the same trace always gives the same DOT text', () => {
    expect(traceToDot(model, bigJug)).toBe(traceToDot(dieHard(), failing(check(dieHard()).properties, 'big jug never holds 4')));
  });

  it('direction and graph name options change only the header', () => {
    const dot = traceToDot(model, bigJug, { direction: 'LR', graphName: 'big "jug"' });
    expect(dot.startsWith('digraph "big \\"jug\\"" {\n  rankdir=LR;')).toBe(true);
  });

  it('a trace given directly is drawn with its own title, note and tone', () => {
    if (bigJug.verdict.status !== 'violated') throw new Error('expected a violation');
    const dot = traceToDot(model, { trace: bigJug.verdict.trace, title: 'replayed', lastNote: 'big holds 4', tone: 'plain' });
    expect(dot).toContain('label="replayed\\l"');
    expect(statement(dot, 's6')).toContain('big holds 4');
    expect(statement(dot, 's6')).not.toContain('penwidth');
  });

  it('a verdict without a trace is refused', () => {
    const holds = failing(check(model).properties, 'type ok');
    expect(() => traceToDot(model, holds)).toThrow(/'type ok' is 'holds', which has no trace/);
  });

  it("a model error's trace ends in the state from which the failing action was taken", () => {
    const counter = overflowingCounter();
    const err = check(counter).modelError!;
    expect(err.code).toBe('IPC002');
    const dot = modelErrorToDot(counter, err)!;
    expect(dot).toContain('model error IPC002');
    expect(statement(dot, 's2')).toContain('taking Inc from here fails');
    expect(modelErrorToDot(counter, { ...err, trace: undefined })).toBeUndefined();
  });
});

describe('DOT helpers', () => {
  it('dotEscape escapes backslashes, quotes and ampersands and turns newlines into line breaks', () => {
    expect(dotEscape('a\\b "c" & d\ne')).toBe('a\\\\b \\"c\\" &amp; d\\le');
    expect(dotEscape('x\ny', '\\n')).toBe('x\\ny');
  });

  it('dotQuote makes a quoted identifier', () => {
    expect(dotQuote('say "hi"\\')).toBe('"say \\"hi\\"\\\\"');
  });

  it('wrapText breaks at spaces and keeps long words whole', () => {
    expect(wrapText('taking FillBig from here fails', 12)).toBe('taking\nFillBig from\nhere fails');
    expect(wrapText('supercalifragilistic word', 5)).toBe('supercalifragilistic\nword');
  });

  it('lassoLabel names the repeated steps, the growth and the measures', () => {
    const g = { loopStart: 2, loopEnd: 4, prefixSteps: 4, rounds: 2, measures: [5, 6, 7], growthPerRound: 1, unit: 'kernel message' };
    expect(lassoLabel(g)).toBe('repeat steps 3–4: +1 kernel message per round (measure 5 -> 6 -> 7 ...)');
    expect(lassoLabel({ ...g, loopStart: 3 })).toBe('repeat step 4: +1 kernel message per round (measure 5 -> 6 -> 7 ...)');
  });
});
