/**
 * The README is part of the product: it must render as written (every code block closed), and its
 * walkthrough output, its exit-code table, its line counts and its matrices must say what the code
 * does.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.js';
import { ExitCode } from '../../cli/exitCodes.js';
import { textTrace } from '../../counterexamples/text.js';
import { naiveLock } from '../../model/examples/naiveLock.js';
import { findEntry, SKIPPED, workloads } from '../../registry/index.js';

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

  it('opens and closes every fenced code block on a line of its own, so that no prose renders as code', () => {
    const problems: string[] = [];
    let openedAt = 0;
    readme.split('\n').forEach((line, i) => {
      const n = i + 1;
      if (openedAt === 0) {
        if (line.startsWith('```')) openedAt = n;
        else if (line.includes('```')) problems.push(`line ${n}: a fence that does not start its line: ${line.trim()}`);
      } else if (line.trimEnd() === '```') {
        openedAt = 0;
      } else if (line.includes('```')) {
        problems.push(`line ${n}: a fence inside the block opened at line ${openedAt}: ${line.trim()}`);
      }
    });
    if (openedAt !== 0) problems.push(`the block opened at line ${openedAt} is never closed`);
    expect(problems).toEqual([]);
  });

  it('gives serverPool.ts its length, and its model function verbatim with its length', () => {
    const source = readFileSync(new URL('../../model/examples/serverPool.ts', import.meta.url), 'utf8');
    const sourceLines = source.trimEnd().split('\n');
    const claim = /`model\/examples\/serverPool\.ts` \(a server pool behind\s+one endpoint: (\d+) lines with its documentation\)[^]*?its model\s+function, (\d+) lines,/.exec(readme);
    expect(claim, 'README states the lengths of serverPool.ts and of its model function').not.toBeNull();
    const [fileLines, functionLines] = [Number(claim![1]), Number(claim![2])];
    expect(fileLines).toBe(sourceLines.length);
    const listing = blockAfter('its model\nfunction, ');
    const start = sourceLines.findIndex((l) => l.startsWith('export function serverPool('));
    const end = sourceLines.findIndex((l, i) => i > start && l === '}');
    expect(listing).toBe(sourceLines.slice(start, end + 1).join('\n'));
    expect(listing.split('\n')).toHaveLength(functionLines);
  });

  describe("the designs × workloads matrices", () => {
    /** The block of matrices, one per workload: a header line, a column line, a row per design. */
    const matrixBlock = () => blockAfter('workload, designs as rows:').split('\n\n');
    /** Rows at most this large are checked by running the pair (123 of them, about fifteen seconds); larger ones by their form only. */
    const CHECKED = 2_000;

    it('has one matrix per workload, in registry order, headed by its title and its default configuration', () => {
      expect(matrixBlock().map((m) => m.split('\n')[0])).toEqual(workloads.map((w) => `${w.title}: ${w.build(w.defaults).name}`));
    });

    it(`names every pair with its state count, n/a or the reason it is skipped, and counts right every pair of at most ${CHECKED} states`, () => {
      const wrong: string[] = [];
      let checked = 0;
      matrixBlock().forEach((matrix, k) => {
        const workload = workloads[k];
        for (const row of matrix.split('\n').slice(2)) {
          const [, design, rest] = /^ {2}(\S+)\s+(.*)$/.exec(row) ?? [];
          const id = `${design}.${workload.id}`;
          const entry = findEntry(id);
          const count = /^([\d,]+)\s/.exec(rest);
          if (rest.startsWith('n/a')) {
            if (entry !== undefined) wrong.push(`${id}: n/a, but the registry has it`);
          } else if (rest.startsWith('not run by npm run check')) {
            if (rest !== `not run by npm run check (${SKIPPED[id]}): npm run check -- ${id}`) wrong.push(`${id}: '${rest}', SKIPPED says '${SKIPPED[id]}'`);
          } else if (count === null || entry === undefined) {
            wrong.push(`${id}: '${row.trim()}' is neither a count, n/a, nor a skipped pair of the registry`);
          } else if (Number(count[1].replace(/,/g, '')) <= CHECKED) {
            checked++;
            const distinct = check(entry.make(entry.defaults), { maxStates: CHECKED + 1 }).stats.distinct;
            if (distinct.toLocaleString('en-US') !== count[1]) wrong.push(`${id}: README ${count[1]}, check ${distinct}`);
          }
        }
      });
      expect(wrong).toEqual([]);
      expect(checked).toBe(123);
    }, 120_000);
  });
  describe("the bystander latency table", () => {
    /** The table's rows: design and its cells, split on two or more spaces. */
    const rows = () =>
      blockAfter('`--set device=mayNeverFire --set pool=2`; each')
        .split('\n')
        .slice(2)
        .map((r) => r.trim().split(/\s{2,}/));
    /** What the checker says of 'bystander reply latency' for a design at `set`: the bound, or why there is none. */
    const latency = (design: string, set: Record<string, string | number>) => {
      const entry = findEntry(`${design}.nestedServer`)!;
      const v = check(entry.make(set)).verdicts['bystander reply latency'];
      return v.status === 'holds' ? String(v.bound) : v.status === 'violated' ? `unbounded: ${v.why}` : v.status;
    };

    it('names every design of the registry, in order, and n/a exactly where the registry has no pair', () => {
      const designs = rows().map((r) => r[0]);
      expect(designs).toEqual(['seL4', 'seL4-MCS', 'L4', 'L4-long', 'Fiasco', 'Mach', 'pipe', 'Xen', 'UMP', 'Composite', 'K42', 'Singularity']);
      for (const [design, first] of rows()) expect(first.startsWith('n/a'), design).toBe(findEntry(`${design}.nestedServer`) === undefined);
    });

    it('gives the latency the checker finds with the device firing and with a device that may never fire, on every design it lists', () => {
      const wrong: string[] = [];
      for (const [design, fires, never] of rows()) {
        if (fires.startsWith('n/a') || fires.startsWith('not run')) continue;
        if (latency(design, {}) !== fires) wrong.push(`${design} device fires: README ${fires}, check ${latency(design, {})}`);
        if (latency(design, { device: 'mayNeverFire' }) !== never) wrong.push(`${design} may never fire: README ${never}`);
      }
      expect(wrong).toEqual([]);
    }, 120_000);

    it("gives seL4's latency with two server-1 threads as the checker finds it (the other rows are registered runs of npm run check)", () => {
      const sel4 = rows().find((r) => r[0] === 'seL4')!;
      expect(latency('seL4', { device: 'mayNeverFire', pool: 2 })).toBe(sel4[3]);
    }, 120_000);
  });
});
