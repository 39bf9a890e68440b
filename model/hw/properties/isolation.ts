import type { Hw } from '../cpu.js';
import { mapsFrame } from '../pageTable.js';
import { always } from '../../../properties/always.js';
import type { Always } from '../../../properties/property.js';

/**
 * Isolation: every user-mode access reaches only a frame mapped in the running component's own
 * page table. It reads the hardware's ghost record of the last user access (made by
 * `userAccess`), so it fails exactly when the MMU translated through another component's table:
 * the kernel switched threads but not the page-table register.
 *
 * @example
 * isolation((s: State) => s.hw);                   // named "isolation"
 * isolation((s: State) => s.hw, 'user memory isolated');
 */
export function isolation<S>(hwOf: (s: S) => Hw, name = 'isolation'): Always<S> {
  return always(name, (s: S) => {
    const hw = hwOf(s);
    const a = hw.access;
    return a === null || mapsFrame(hw.tables[a.component], a.frame);
  });
}
