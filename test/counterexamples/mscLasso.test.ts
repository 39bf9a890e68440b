/**
 * A lasso in the sequence chart: the cycle's rows bracketed under a line saying which steps repeat
 * for ever and over a line going back to its first step, a deadlock end saying the path stays,
 * and the state where the liveness premise holds highlighted rather than the last step.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.js';
import { replay } from '../../checker/replay.js';
import type { CheckResult } from '../../checker/result.js';
import { traceToSequenceSvg, traceToSequenceText } from '../../counterexamples/msc.js';
import { chartHighlight, planCounterexamples } from '../../counterexamples/write.js';
import { dieHard } from '../../model/classic/dieHard.js';
import { spinFinish, twoThreadLock, type LockAction, type LockState } from './lassoFixtures.js';

const lock = twoThreadLock('weak');
const starves = check(lock).verdicts['thread 0 gets the lock'];
const lockTrace = starves.status === 'violated' ? starves.trace : undefined;
const note = 'the premise holds here';

describe('a lasso in the text sequence chart', () => {
  it("brackets the cycle's rows with ':', between a line over it and a line back to its first step", () => {
    expect(traceToSequenceText(lock, lockTrace!, { highlight: note, highlightStep: 'initial' })).toBe(
      [
        '  thread 0  thread 1           lock',
        '     |         |                |',
        '* State 1 (initial)   <-- the premise holds here',
        ' .-- steps 1-2 repeat for ever ------------------',
        ' :Step 1: Acquire(t=1)',
        ' :   |         |--test-and-set->|',
        ' :Step 2: Release(t=1)',
        ' :   |         |-----clear----->|',
        " '-- back to step 1, and round again for ever ---",
        '',
      ].join('\n'),
    );
  });

  it('says that a deadlock end stays for ever, under the last step', () => {
    const spinner = spinFinish({ canFail: true, finisher: 'weak' });
    const v = check(spinner).verdicts['finishes'];
    expect(v.status === 'violated' && v.trace.loop).toBe(1);
    if (v.status !== 'violated') return;
    expect(traceToSequenceText(spinner, v.trace, { highlightStep: null }).split('\n').slice(-4)).toEqual([
      '     |     [F fail]',
      ' === state 2 stays here for ever (deadlock: no action is enabled) ---',
      'Marks: F fault',
      '',
    ]);
  });

  it('leaves a trace that is not a lasso as it was', () => {
    const plain = replay(lock, { init: 0, actions: [1, 0] });
    const text = traceToSequenceText(lock, plain);
    expect(text).not.toContain('for ever');
    expect(text.split('\n').filter((l) => /^[ *] Step/.test(l))).toEqual(['  Step 1: Acquire(t=1)', '* Step 2: Release(t=1)']);
  });
});

describe('a response postponed by a cycle in the sequence chart', () => {
  it('says the cycle can repeat any number of times before the answer, not for ever', () => {
    const spinner = spinFinish({ canFail: false, finisher: 'strong' });
    const pr = check(spinner).properties.find((p) => p.name === 'spins from 0 until done')!;
    expect(pr.verdict).toMatchObject({ status: 'violated', why: 'postponed by a cycle', trace: { loop: 0 } });
    if (pr.verdict.status !== 'violated') return;
    const lines = traceToSequenceText(spinner, pr.verdict.trace, chartHighlight(pr)).split('\n');
    expect(lines.filter((l) => l.includes('any number'))).toEqual([
      "* State 1 (initial)   <-- requested here ('spins from 0 until done'): the cycle below can run any number of rounds before the answer",
      ' .-- steps 1-2 repeat any number of times before the answer ---',
      " '-- back to step 1, and round again any number of times ------",
    ]);
  });
});

describe('a lasso in the SVG sequence chart', () => {
  const svg = traceToSequenceSvg(lock, lockTrace!, { highlight: note, highlightStep: 'initial' });

  it('lays the cycle on one orange band with a bracket at its left, from the line over it to the line under it', () => {
    // Rows: the initial state and its note (2), the line over the cycle (1), steps 1 and 2 (1 each), the line under it (1).
    expect(svg.match(/<[^>]*class="lasso(-bracket)?"[^>]*>/g)).toEqual([
      '<rect class="lasso" x="0" y="106" width="399" height="120" fill="#fdf2e9"/>',
      '<path class="lasso-bracket" d="M 8 110 h -4 v 112 h 4" fill="none" stroke="#d35400" stroke-width="2"/>',
    ]);
    // The band lies under the highlight, the bracket over it.
    expect(svg.indexOf('class="lasso"')).toBeLessThan(svg.indexOf('class="highlight"'));
    expect(svg.indexOf('class="highlight"')).toBeLessThan(svg.indexOf('class="lasso-bracket"'));
    expect(svg.match(/<text[^>]*class="lasso-note"[^>]*>[^<]*/g)).toEqual([
      '<text x="12" y="125" class="lasso-note" fill="#d35400" font-weight="bold">↻ steps 1–2 repeat for ever',
      '<text x="12" y="215" class="lasso-note" fill="#d35400" font-weight="bold">↺ back to step 1, and round again for ever',
    ]);
  });

  it('highlights the initial state in a row of its own, with the note under it', () => {
    expect(svg.match(/<rect class="highlight"[^>]*>/g)).toEqual(['<rect class="highlight" x="0" y="46" width="399" height="60" fill="#fdecea"/>']);
    expect(svg).toContain('<text x="12" y="65" fill="#c0392b" font-weight="bold">State 1 (initial)</text>');
    expect(svg).toContain('<text x="12" y="95" fill="#c0392b">the premise holds here</text>');
  });
});

describe('the chart files of a lasso', () => {
  it('chartHighlight: a lasso whose premise holds from the start highlights the initial state; a plain trace its last step', () => {
    expect(chartHighlight(check(lock).properties[0])).toEqual({
      highlight: "the premise of 'thread 0 gets the lock' holds here, and on this fair path its goal never comes",
      highlightStep: 'initial',
    });
    const jugs = check(dieHard()).properties.find((p) => p.verdict.status === 'violated')!;
    expect(chartHighlight(jugs)).toEqual({ highlight: "violates 'big jug never holds 4'" });
  });

  it('highlight the step into the state where the premise holds, not the last step', () => {
    // A hand-made lasso: thread 1 takes the lock (the premise holds after it), then both steps of the cycle.
    const trace = replay(lock, { init: 0, actions: [1, 0, 1], loop: 1 });
    const result = check(lock);
    const pr = { name: 'thread 0 gets the lock', kind: 'leadsTo' as const, verdict: { status: 'violated' as const, trace, premiseAt: 2 } };
    const withLasso: CheckResult<LockState, LockAction> = { ...result, properties: [pr] };
    const plan = planCounterexamples(lock, withLasso, { outDir: '/nonexistent', svg: false });
    const chart = plan.files.find((f) => f.path.endsWith('.msc.txt'))!;
    return chart.content().then((text) => {
      expect(text.split('\n').filter((l) => l.startsWith('*'))[0]).toBe(
        "*:Step 2: Release(t=1)   <-- the premise of 'thread 0 gets the lock' holds here, and on this fair path its goal never comes",
      );
    });
  });
});
