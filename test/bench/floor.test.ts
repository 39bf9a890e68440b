/**
 * The bench's floor search (the least a breadth-first search does through the model API) counts
 * what the checker counts, so that its rate is a rate over the same work.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { floorSearch } from '../../bench/floor.js';
import { benchCases, floorRefusal, type BenchCase } from '../../bench/cases.js';
import { check } from '../../checker/check.js';
import { dining } from '../../model/classic/dining.js';
import { l4Ipc } from '../../model/classic/l4Ipc.js';
import { arbitraryGraph, graphModel } from '../helpers/graphModel.js';
import { always, step } from '../../properties/index.js';
import type { L4IpcAction, L4IpcState } from '../../model/classic/l4Ipc.js';
import type { Model } from '../../model/core/model.js';
import { repoRoot } from '../cli/harness.js';

/** Runs the built floor CLI (the test setup builds `dist/`). */
function floorCli(...args: string[]) {
  const run = spawnSync(process.execPath, [join(repoRoot, 'dist', 'bench', 'floor.js'), ...args], { encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('floorSearch', () => {
  it('counts the 369 states and the transitions of L4Ipc C=2 S=2 R=2 P=2, as check does', () => {
    const model = l4Ipc();
    const floor = floorSearch(model, 369);
    const stats = check(model).stats;
    expect(floor.distinct).toBe(369);
    expect(floor.generated).toBe(stats.generated);
  });

  it('counts the 573 states of naive dining philosophers N=5, deadlocked states included', () => {
    const model = dining({ n: 5, lefty0: false });
    const floor = floorSearch(model, 1000);
    expect(floor.distinct).toBe(573);
    expect(floor.generated).toBe(check(model).stats.generated);
  });

  it('agrees with check on the distinct and generated counts of random graphs', () => {
    fc.assert(
      fc.property(arbitraryGraph(), (g) => {
        const model = graphModel(g);
        const stats = check(model).stats;
        const floor = floorSearch(model, g.nodes);
        return floor.distinct === stats.distinct && floor.generated === stats.generated;
      }),
      { numRuns: 50 },
    );
  });

  it('refuses a model with more states than its capacity, naming the fix', () => {
    expect(() => floorSearch(l4Ipc(), 368)).toThrow(/more than 368 states; give a larger capacity/);
  });

  it('with its duties, evaluates each state property once per state and each step property once per transition', () => {
    const base = l4Ipc();
    let stateCalls = 0;
    let stepCalls = 0;
    const model: Model<L4IpcState, L4IpcAction> = {
      ...base,
      properties: [
        ...base.properties,
        always('counted', () => ++stateCalls > 0),
        step('counted step', () => ++stepCalls > 0),
      ],
    };
    const floor = floorSearch(model, 369, { duties: true });
    expect(floor.distinct).toBe(369);
    expect(stateCalls).toBe(369);
    expect(stepCalls).toBe(floor.generated - 1);
  });

  it('with its duties, stops at a next() that writes into the state it was given', () => {
    const base = l4Ipc();
    const model: Model<L4IpcState, L4IpcAction> = {
      ...base,
      next: (s, a) => {
        const t = base.next(s, a);
        (s.cround as number[])[0] = 1;
        return t;
      },
    };
    expect(() => floorSearch(model, 369)).not.toThrow();
    expect(() => floorSearch(model, 369, { duties: true })).toThrow(/mutated the state it was given/);
  });

  it('its command line times a run with duties and prints one JSON line per run', () => {
    const run = floorCli('l4Ipc', '{"clients":2}', '369', '2', '--duties');
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as { duties: boolean; run: number; distinct: number });
    expect(lines.map((l) => [l.run, l.duties, l.distinct])).toEqual([
      [1, true, 369],
      [2, true, 369],
    ]);
  });

  it('its command line refuses a configuration the CLI would refuse, with exit code 2 and the valid range', () => {
    const range = floorCli('l4Ipc', '{"clients":9}', '1000');
    expect(range.code).toBe(2);
    expect(range.stderr).toMatch(/clients must be a whole number from 1 to 8/);
    expect(range.stdout).toBe('');
    const notJson = floorCli('l4Ipc', '{clients:2}', '1000');
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toMatch(/the configuration is not JSON/);
    const unknownOption = floorCli('l4Ipc', '{}', '369', '--fast');
    expect(unknownOption.code).toBe(2);
    expect(unknownOption.stderr).toMatch(/unknown option '--fast'/);
  });

  it('its command line exits 1 when the model has more states than the given capacity', () => {
    const run = floorCli('l4Ipc', '{}', '100');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/more than 100 states; give a larger capacity/);
  });

  it('its command line exits 1, printing no rate, when the model has fewer states than given (its table would be emptier)', () => {
    for (const flags of [[], ['--duties']]) {
      const run = floorCli('l4Ipc', '{}', '370', ...flags);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/has 369 states, not 370; give its exact count/);
      expect(run.stdout).toBe('');
    }
  });
});

describe('the floor in the bench', () => {
  const l4 = { label: 'l4', entry: 'l4Ipc', config: {}, floor: true } satisfies BenchCase;

  it('measures it beside the l4Ipc C=5 case, and beside no case whose search is not the floor\'s', () => {
    const withFloor = benchCases.filter((c) => c.floor === true);
    expect(withFloor.map((c) => c.label)).toContain('l4Ipc C=5 S=2 R=2 P=2');
    for (const c of withFloor) expect(floorRefusal(c)).toBeUndefined();
  });

  it('refuses a floor case that uses fingerprints, a state bound, symmetry or --large, naming each', () => {
    expect(floorRefusal(l4)).toBeUndefined();
    expect(floorRefusal({ ...l4, floor: false, options: { symmetry: true } })).toBeUndefined();
    expect(floorRefusal({ ...l4, options: { fingerprint: true } })).toMatch(/'l4' asks for the floor but uses fingerprint mode;/);
    expect(floorRefusal({ ...l4, options: { maxStates: 10 } })).toMatch(/uses a state bound;/);
    expect(floorRefusal({ ...l4, options: { symmetry: true }, large: true })).toMatch(/uses symmetry reduction and a --large run;/);
  });
});
