/**
 * The comparisons `npm run check` prints name real registry runs and properties.
 */
import { describe, expect, it } from 'vitest';
import { comparisons, findEntry } from '../../registry/index.js';

describe('comparisons', () => {
  it('name registry runs that exist, and properties their models have (each column in at least one row)', () => {
    for (const c of comparisons) {
      const has = c.properties.map(() => 0);
      for (const row of c.rows) {
        const entry = findEntry(row.entry);
        expect(entry, row.entry).toBeDefined();
        const run = entry!.runs.find((r) => r.label === row.run);
        expect(run, `${row.entry} run '${row.run}'`).toBeDefined();
        const model = entry!.make({ ...entry!.defaults, ...run!.set });
        // A column names a property or the start of one ('kernel memory' for 'kernel memory ≤ 4').
        c.properties.forEach((name, i) => (has[i] += model.properties.some((p) => p.name === name || p.name.startsWith(name)) ? 1 : 0));
      }
      // A column some rows lack shows '-' there (the cascade's cycle counts no handled events); a
      // misspelt column would match no row.
      for (const [i, name] of c.properties.entries()) expect(has[i], `${c.title}: '${name}' in no row`).toBeGreaterThan(0);
    }
  });
});
