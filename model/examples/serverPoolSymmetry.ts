/**
 * The symmetry of {@link serverPool}: its clients are interchangeable, and so are its servers
 * (threads 1..C and C+1..C+S, indices 0..C−1 and C..T−1). Thread `t` runs in component `t − 1`
 * with frame `t − 1`, so a renaming moves the thread's part of every per-thread array (its page
 * table, TCB, register, reply slot, ghost call, program counter) and renames the thread ids (the
 * current thread, the ready and endpoint queues, reply slots, ghost records) and the components
 * and frames with it. Kept beside the model so that the model file stays the README's short
 * example.
 */
import type { Symmetry } from '../core/model.js';
import { THREAD_STATES } from '../kernel/tcb.js';
import type { ServerPoolState } from './serverPool.js';
import type { Pte } from '../hw/pageTable.js';

/** The numbers of the program points seen so far (a signature is computed for every thread of every successor). */
const textCodes = new Map<string, number>();

/** A number for a short text (a program point), the same wherever the text appears. */
function textCode(text: string): number {
  let code = textCodes.get(text);
  if (code !== undefined) return code;
  code = 0;
  for (let i = 0; i < text.length; i++) code = (code * 31 + text.charCodeAt(i)) % 65_521;
  textCodes.set(text, code);
  return code;
}

/**
 * The groups (clients, servers), the renaming and the per-thread signature of
 * `serverPool({ clients, servers })`.
 *
 * @example
 * const symmetry = serverPoolSymmetry(4, 2); // groups [[0, 1, 2, 3], [4, 5]]
 */
export function serverPoolSymmetry(clients: number, servers: number): Symmetry<ServerPoolState> {
  const C = clients;
  const S = servers;
  // Renamed page-table entries are shared, one per frame and permission, instead of allocated per renaming.
  const ptes = new Map<number, Pte>();
  const pte = (frame: number, write: boolean): Pte => {
    const key = frame * 2 + (write ? 1 : 0);
    let entry = ptes.get(key);
    if (entry === undefined) ptes.set(key, (entry = { frame, write }));
    return entry;
  };
  return {
    groups: [Array.from({ length: C }, (_, i) => i), Array.from({ length: S }, (_, i) => C + i)],
    permute: (st: ServerPoolState, perm: readonly number[]) => {
      const id = (t: number) => (t === 0 ? 0 : perm[t - 1] + 1);
      const moved = <X>(xs: readonly X[], f: (x: X) => X = (x) => x): X[] => {
        const out = xs.slice();
        for (let i = 0; i < xs.length; i++) out[perm[i]] = f(xs[i]);
        return out;
      };
      const { hw, kernel } = st;
      return {
        hw: {
          mode: hw.mode,
          ptbr: perm[hw.ptbr],
          tables: moved(hw.tables, (table) => table.map((e) => (e === null ? null : pte(perm[e.frame], e.write)))),
          access: hw.access === null ? null : { component: perm[hw.access.component], frame: perm[hw.access.frame] },
        },
        kernel: {
          sched: { current: id(kernel.sched.current), ready: kernel.sched.ready.map(id) },
          tcb: moved(kernel.tcb),
          mr: moved(kernel.mr),
          slot: moved(kernel.slot, id),
          eps: kernel.eps.map((ep) => ({ state: ep.state, queue: ep.queue.map(id) })),
          ghost: {
            pending: moved(kernel.ghost.pending, (p) => (p === null ? null : { request: p.request, server: id(p.server) })),
            delivered: kernel.ghost.delivered === null ? null : { to: id(kernel.ghost.delivered.to), from: id(kernel.ghost.delivered.from), value: kernel.ghost.delivered.value },
          },
        },
        pc: moved(st.pc),
      };
    },
    // What thread i is doing, in terms no renaming changes: its program point, TCB, register,
    // outstanding call, places in the queues, and whether it is current, holds a caller or was
    // last served. Threads that agree on all of it are the only ones tried in every order.
    signature: (st: ServerPoolState, i: number) => {
      const t = i + 1;
      const k = st.kernel;
      const tcb = k.tcb[i];
      const pending = k.ghost.pending[i];
      const delivered = k.ghost.delivered;
      const flags =
        (k.slot[i] !== 0 ? 1 : 0) | (k.sched.current === t ? 2 : 0) | (st.hw.ptbr === i ? 4 : 0) | (st.hw.access?.component === i ? 8 : 0) |
        (delivered?.to === t ? 16 : 0) | (delivered?.from === t ? 32 : 0) | (pending !== null && pending.server !== 0 ? 64 : 0);
      let sig = textCode(st.pc[i]);
      sig = sig * 8 + THREAD_STATES.indexOf(tcb.state);
      sig = sig * 4 + tcb.on * 2 + (tcb.isCall ? 1 : 0);
      sig = sig * 32 + k.mr[i];
      sig = sig * 32 + (pending === null ? 0 : pending.request + 1);
      sig = sig * 128 + flags;
      sig = sig * 32 + k.sched.ready.indexOf(t) + 1;
      return sig * 32 + k.eps[0].queue.indexOf(t) + 1;
    },
  };
}
