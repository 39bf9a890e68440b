/**
 * Page tables: one per component (address space), mapping its virtual pages to physical frames
 * with a write right. The model's granularity is the page; offsets within a page never matter
 * to an IPC protocol.
 */
import { array, bool, int, optional, record, type Infer } from '../core/shape/index.js';

/**
 * The shape of one page-table entry: the frame a page maps to, and whether user code may write it.
 *
 * @example
 * const pte = pteShape(4); // { frame: 0..3, write: boolean }
 */
export function pteShape(frames: number) {
  return record({ frame: int(0, frames - 1), write: bool() });
}

/**
 * A page-table entry.
 *
 * @example
 * const e: Pte = { frame: 2, write: true };
 */
export type Pte = Infer<ReturnType<typeof pteShape>>;

/**
 * The shape of a page table: `pages` entries, `null` where the page is unmapped.
 *
 * @example
 * const table = pageTableShape(2, 4); // [Pte | null, Pte | null]
 */
export function pageTableShape(pages: number, frames: number) {
  return array(pages, optional(pteShape(frames)));
}

/**
 * A page table: entry `p` maps virtual page `p`, or is `null`.
 *
 * @example
 * const t: PageTable = [{ frame: 0, write: true }, null];
 */
export type PageTable = readonly (Pte | null)[];

/**
 * What the MMU makes of an access: the frame reached, or the page fault it raises.
 *
 * @example
 * const ok: Translation = { frame: 3 };
 * const fault: Translation = { fault: 'unmapped' };
 */
export type Translation = { readonly frame: number } | { readonly fault: 'unmapped' | 'readOnly' };

/**
 * Translates an access to `page` through `table`: the frame, or a fault when the page is unmapped
 * (or outside the table) or a write meets a read-only mapping.
 *
 * @example
 * translate([{ frame: 5, write: false }], 0, 'read');  // { frame: 5 }
 * translate([{ frame: 5, write: false }], 0, 'write'); // { fault: 'readOnly' }
 * translate([null], 0, 'read');                        // { fault: 'unmapped' }
 */
export function translate(table: PageTable, page: number, access: 'read' | 'write'): Translation {
  const pte = page >= 0 && page < table.length ? table[page] : null;
  if (pte === null) return UNMAPPED;
  if (access === 'write' && !pte.write) return READ_ONLY;
  return { frame: pte.frame };
}

const UNMAPPED: Translation = { fault: 'unmapped' };
const READ_ONLY: Translation = { fault: 'readOnly' };

/**
 * Whether `frame` is mapped anywhere in `table`: the frames a component owns or shares.
 *
 * @example
 * mapsFrame([{ frame: 5, write: true }, null], 5); // true
 */
export function mapsFrame(table: PageTable, frame: number): boolean {
  for (const pte of table) if (pte !== null && pte.frame === frame) return true;
  return false;
}

/**
 * A copy of `table` with `page` mapped to `pte` (or unmapped with `null`): what a pager's map
 * operation does to the faulting space.
 *
 * @example
 * mapPage([null, null], 1, { frame: 7, write: true }); // [null, { frame: 7, write: true }]
 */
export function mapPage(table: PageTable, page: number, pte: Pte | null): PageTable {
  const copy = table.slice();
  copy[page] = pte;
  return copy;
}
