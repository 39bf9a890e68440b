/**
 * The processor as IPC sees it: a mode bit and the page-table register (`ptbr`), which names the
 * component whose page table the MMU uses. Writing the register is privileged: in user mode the
 * write traps instead. The hardware state also keeps every component's page table and, as ghost
 * state for the isolation property, the last user-mode access.
 */
import { array, int, oneOf, optional, record, type Infer } from '../core/shape/index.js';
import { pageTableShape, translate, type PageTable, type Translation } from './pageTable.js';

/**
 * Sizes of the hardware: components (address spaces), virtual pages per component, physical frames.
 *
 * @example
 * const cfg: HwConfig = { components: 2, pages: 1, frames: 2 };
 */
export interface HwConfig {
  readonly components: number;
  readonly pages: number;
  readonly frames: number;
}

/**
 * The shape of the hardware state, to embed in a model's state record.
 *
 * @example
 * const shape = record({ hw: hwShape({ components: 2, pages: 1, frames: 2 }), pc: int(0, 3) });
 */
export function hwShape(cfg: HwConfig) {
  return record({
    mode: oneOf('user', 'kernel'),
    /** The page-table register: the component whose table the MMU uses. */
    ptbr: int(0, cfg.components - 1),
    tables: array(cfg.components, pageTableShape(cfg.pages, cfg.frames)),
    /** Ghost: the last user-mode access, by the component the kernel was running, and the frame it reached. */
    access: optional(record({ component: int(0, cfg.components - 1), frame: int(0, cfg.frames - 1) })),
  });
}

/**
 * The hardware state.
 *
 * @example
 * const hw: Hw = initialHw([[{ frame: 0, write: true }], [{ frame: 1, write: true }]]);
 */
export type Hw = Infer<ReturnType<typeof hwShape>>;

/**
 * The machine at boot: user mode, running component 0's table, no access yet.
 *
 * @example
 * initialHw([[{ frame: 0, write: true }], [{ frame: 1, write: true }]]).ptbr; // 0
 */
export function initialHw(tables: readonly PageTable[], ptbr = 0): Hw {
  return { mode: 'user', ptbr, tables: tables.map((t) => t.slice()), access: null };
}

/**
 * Enters the kernel (system call, page fault or interrupt): kernel mode, nothing else changes.
 * The ghost access is cleared: it belongs to the user step that made it.
 *
 * @example
 * trap(hw).mode; // 'kernel'
 */
export function trap(hw: Hw): Hw {
  return { mode: 'kernel', ptbr: hw.ptbr, tables: hw.tables, access: null };
}

/**
 * Writes the page-table register. Privileged: in kernel mode the register changes; in user mode
 * the write traps into the kernel and the register keeps its value.
 *
 * @example
 * writePtbr(trap(hw), 1).ptbr;  // 1
 * writePtbr(hw, 1);             // user mode: { mode: 'kernel', ptbr: hw.ptbr, … }
 */
export function writePtbr(hw: Hw, component: number): Hw {
  if (hw.mode === 'user') return trap(hw);
  return { mode: 'kernel', ptbr: component, tables: hw.tables, access: null };
}

/**
 * Leaves the kernel to run `component`: loads its page table (a privileged write, done while
 * still in kernel mode) and returns to user mode.
 *
 * @example
 * returnToUser(trap(hw), 1); // { mode: 'user', ptbr: 1, … }
 */
export function returnToUser(hw: Hw, component: number): Hw {
  if (hw.mode !== 'kernel') throw new Error('returnToUser: the processor is already in user mode');
  return { mode: 'user', ptbr: component, tables: hw.tables, access: null };
}

/**
 * A user-mode access by the running component to one of its pages. The MMU translates through the
 * table the register names (which is the running component's only if the kernel loaded it);
 * a fault traps into the kernel. The access is recorded as ghost state for {@link isolation}.
 *
 * @example
 * const r = userAccess(hw, 0, 0, 'write');
 * if ('fault' in r.translation) handleFault(r.hw); // r.hw is in kernel mode
 */
export function userAccess(hw: Hw, running: number, page: number, access: 'read' | 'write'): { readonly hw: Hw; readonly translation: Translation } {
  if (hw.mode !== 'user') throw new Error('userAccess: the processor is in kernel mode');
  const translation = translate(hw.tables[hw.ptbr], page, access);
  if ('fault' in translation) return { hw: trap(hw), translation };
  return { hw: { mode: 'user', ptbr: hw.ptbr, tables: hw.tables, access: { component: running, frame: translation.frame } }, translation };
}
