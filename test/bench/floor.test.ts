/**
 * The bench's least search (`bench/floor.ts`) is a yardstick only if it explores the same state
 * graph as the checker: same distinct states, same transitions. It runs as a script, so these
 * tests run the build in dist/ (made by the global setup).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.js';
import { l4Ipc } from '../../model/classic/l4Ipc.js';

const script = fileURLToPath(new URL('../../dist/bench/floor.js', import.meta.url));
const floor = (entry: string, config: object, expected: number) =>
  JSON.parse(execFileSync(process.execPath, [script, entry, JSON.stringify(config), String(expected)], { encoding: 'utf8' })) as {
    distinct: number;
    generated: number;
  };

describe('the least search of the bench', () => {
  it("explores L4Ipc C=2 S=2 R=2 P=2 as the checker does: TLC's 369 distinct states", () => {
    const r = floor('l4Ipc', { clients: 2, servers: 2, rounds: 2, payloads: 2 }, 369);
    expect(r.distinct).toBe(369);
    expect(r.generated).toBe(check(l4Ipc()).stats.generated);
  });

  it('counts the transitions the checker counts on one-reversed dining philosophers, N=8', () => {
    const r = floor('dining', { n: 8, lefty0: true }, 24126);
    // The checker's figures for the same model: 24,126 distinct, 158,930 generated.
    expect(r).toEqual({ distinct: 24126, generated: 158930, elapsedMs: expect.any(Number), sink: 0 });
  });

  it('refuses to run past the state count it was sized for', () => {
    expect(() => execFileSync(process.execPath, [script, 'l4Ipc', '{}', '100'], { stdio: 'pipe' })).toThrow(/more than the 100 states expected/);
  });

  it('exits with 2 and its usage on an unknown model', () => {
    let status = 0;
    try {
      execFileSync(process.execPath, [script, 'noSuchModel', '{}', '5'], { stdio: 'pipe' });
    } catch (e) {
      status = (e as { status: number }).status;
    }
    expect(status).toBe(2);
  });
});
