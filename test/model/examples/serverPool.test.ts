/**
 * The README's composed example: a server pool behind one endpoint, built from the hardware and
 * kernel blocks in well under 150 lines, checks like the shipped protocols.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { check } from '../../../checker/check.js';
import { serverPool } from '../../../model/examples/serverPool.js';
import { serverPoolEntry } from '../../../registry/entries/serverPool.js';

const source = readFileSync(new URL('../../../model/examples/serverPool.ts', import.meta.url), 'utf8');

describe('serverPool (the README example)', () => {
  it('holds every property with two clients and two servers: 4,374 states, 6,157 transitions, depth 32', () => {
    const r = check(serverPool());
    expect(r.ok).toBe(true);
    expect([r.stats.distinct, r.stats.generated, r.stats.depth]).toEqual([4374, 6157, 32]);
    expect(Object.fromEntries(r.properties.map((p) => [p.name, p.verdict.status]))).toEqual(serverPoolEntry.runs[0].expect);
  });

  it('scales to three clients, and one server serves them all in turn', () => {
    expect(check(serverPool({ clients: 3, servers: 2 })).ok).toBe(true);
    expect(check(serverPool({ clients: 3, servers: 1 })).ok).toBe(true);
  }, 120_000);

  it('is under 150 lines, documentation included (its registry entry lives in registry/entries/)', () => {
    expect(source).not.toContain('registryEntry(');
    expect(source.trimEnd().split('\n').length).toBeLessThan(150);
  });

  it('is shown in the README exactly as it is in the source', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const fn = source.slice(source.indexOf('export function serverPool('), source.indexOf('\n}\n', source.indexOf('export function serverPool(')) + 2);
    expect(readme).toContain(fn);
  });
});
