/**
 * Registry ids must be distinct: an id names the model on the command line and the folder its
 * counterexamples are written to, so a second entry with a taken id would never run and would
 * write into the first one's folder.
 */
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RegistryEntry } from './entry.js';

/**
 * A registry with two entries of one id: the message names both.
 *
 * @example
 * try { distinctIds([dieHardEntry, dieHardEntry]); } catch (e) { if (e instanceof DuplicateRegistryId) e.id; } // 'dieHard'
 */
export class DuplicateRegistryId extends Error {
  constructor(
    readonly id: string,
    message: string,
  ) {
    super(message);
    this.name = 'DuplicateRegistryId';
  }
}

/** How the message names an entry: its summary and, when known, the file that defines it. */
function describeEntry(e: RegistryEntry, position: number): string {
  const file = e.module?.startsWith('file:') ? relative(process.cwd(), fileURLToPath(e.module)) : undefined;
  return `entry ${position + 1} ('${e.summary}'${file === undefined ? '' : `, ${file}`})`;
}

/**
 * Returns `entries` when their ids are distinct; throws {@link DuplicateRegistryId} naming the
 * two entries of the first id taken twice (ids differing only in case count as one: the command
 * line finds a model by either).
 *
 * @example
 * export const registry = distinctIds([naiveLockEntry, dieHardEntry]);
 */
export function distinctIds(entries: readonly RegistryEntry[]): readonly RegistryEntry[] {
  const first = new Map<string, number>();
  for (let i = 0; i < entries.length; i++) {
    const key = entries[i].id.toLowerCase();
    const j = first.get(key);
    if (j === undefined) {
      first.set(key, i);
      continue;
    }
    const [a, b] = [entries[j], entries[i]];
    const ids = a.id === b.id ? `the id '${a.id}'` : `the ids '${a.id}' and '${b.id}', which differ only in case,`;
    throw new DuplicateRegistryId(
      a.id,
      `registry: two entries have ${ids}: ${describeEntry(a, j)} and ${describeEntry(b, i)}; ` +
        'an id names the model on the command line and its output folder, so give one of them another id',
    );
  }
  return entries;
}
