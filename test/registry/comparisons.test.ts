/**
 * The comparisons `npm run check` prints name real registry runs and properties.
 */
import { describe, expect, it } from 'vitest';
import { comparisons, findEntry } from '../../registry/index.js';

describe('comparisons', () => {
  it('name registry runs that exist, and properties their models have', () => {
    for (const c of comparisons) {
      for (const row of c.rows) {
        const entry = findEntry(row.entry);
        expect(entry, row.entry).toBeDefined();
        const run = entry!.runs.find((r) => r.label === row.run);
        expect(run, `${row.entry} run '${row.run}'`).toBeDefined();
        const model = entry!.make({ ...entry!.defaults, ...run!.set });
        // A column names a property or the start of one ('kernel memory' for 'kernel memory ≤ 4').
        for (const name of c.properties) expect(model.properties.some((p) => p.name === name || p.name.startsWith(name)), `${model.name}: ${name}`).toBe(true);
      }
    }
  });
});
