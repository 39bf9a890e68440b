/**
 * The README is part of the product: its walkthrough output and its exit-code table must say
 * what the code does.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.js';
import { ExitCode } from '../../cli/exitCodes.js';
import { textTrace } from '../../counterexamples/text.js';
import { naiveLock } from '../../model/examples/naiveLock.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The fenced block that follows the first line containing `marker`. */
function blockAfter(marker: string): string {
  const at = readme.indexOf(marker);
  expect(at, `README has no '${marker}'`).toBeGreaterThanOrEqual(0);
  const open = readme.indexOf('```', at + marker.length);
  const start = readme.indexOf('\n', open) + 1;
  return readme.slice(start, readme.indexOf('```', start)).trimEnd();
}

describe('README', () => {
  it('gives exactly the two set-up commands', () => {
    const setup = blockAfter('## Set-up');
    expect(setup).toContain('npm ci && npm run check');
    expect(setup).toContain('npm ci && npm test');
    expect(setup.split('\n')).toHaveLength(2);
  });

  it("shows the naive lock's counterexample exactly as the checker prints it", () => {
    const model = naiveLock({ threads: 2, atomic: false });
    const v = check(model).verdicts['mutual exclusion'];
    expect(v.status).toBe('violated');
    if (v.status !== 'violated') return;
    const printed = textTrace(model, v.trace, { lastNote: "violates 'mutual exclusion'" });
    expect(blockAfter('**4. Read the counterexample.**')).toBe(printed);
  });

  it('shows the naive lock row with the real state counts', () => {
    const r = check(naiveLock({ threads: 2, atomic: false }));
    const row = blockAfter('npm run check -- naiveLock --default\n```').split('\n').find((l) => l.startsWith('naiveLock('));
    expect(row).toBeDefined();
    expect(row!.split(/\s+/).slice(0, 8)).toEqual([
      'naiveLock(threads=2,atomic=false)',
      'mutual',
      'exclusion',
      'violated',
      String(r.stats.distinct),
      String(r.stats.generated),
      String(r.stats.depth),
      expect.stringMatching(/s$/),
    ]);
  });

  it('documents every exit code the CLI uses, with its number', () => {
    for (const code of Object.values(ExitCode)) expect(readme).toMatch(new RegExp(`^\\| ${code} \\|`, 'm'));
  });
});
