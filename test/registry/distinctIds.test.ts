/**
 * A registry id taken twice is refused when the registry loads, with a message naming both entries.
 */
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dieHardEntry, diningEntry, distinctIds, DuplicateRegistryId, registry, registryEntry } from '../../registry/index.js';

/** The error `f` throws, or undefined. */
function thrownBy(f: () => unknown): unknown {
  try {
    f();
    return undefined;
  } catch (e) {
    return e;
  }
}

describe('registry ids', () => {
  it('are distinct in the shipped registry, ignoring case', () => {
    const ids = registry.map((e) => e.id.toLowerCase());
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('refuse a second entry with a taken id, naming both entries and their files', () => {
    const copy = registryEntry({ ...diningEntry, summary: 'a copy of the philosophers', module: 'file:///elsewhere/mine.js' });
    const e = thrownBy(() => distinctIds([dieHardEntry, diningEntry, copy]));
    expect(e).toBeInstanceOf(DuplicateRegistryId);
    expect((e as DuplicateRegistryId).id).toBe('dining');
    expect((e as Error).message).toBe(
      `registry: two entries have the id 'dining': entry 2 ('${diningEntry.summary}', registry/entries/dining.ts) and ` +
        `entry 3 ('a copy of the philosophers', ${relative(process.cwd(), '/elsewhere/mine.js')}); ` +
        'an id names the model on the command line and its output folder, so give one of them another id',
    );
  });

  it('refuse two ids that differ only in case, which the command line cannot tell apart', () => {
    const shouting = registryEntry({ ...dieHardEntry, id: 'DIEHARD', module: undefined });
    const e = thrownBy(() => distinctIds([dieHardEntry, shouting]));
    expect(e).toBeInstanceOf(DuplicateRegistryId);
    expect((e as Error).message).toContain("two entries have the ids 'dieHard' and 'DIEHARD', which differ only in case,");
    expect((e as Error).message).toContain(`entry 2 ('${dieHardEntry.summary}');`);
  });

  it('accept distinct ids and return the entries as given', () => {
    const entries = [dieHardEntry, diningEntry];
    expect(distinctIds(entries)).toBe(entries);
  });
});
