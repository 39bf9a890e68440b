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
  const T = C + S;
  // Renamed page-table entries are shared, one per frame and permission, instead of allocated per renaming.
  const ptes = new Map<number, Pte>();
  const pte = (frame: number, write: boolean): Pte => {
    const key = frame * 2 + (write ? 1 : 0);
    let entry = ptes.get(key);
    if (entry === undefined) ptes.set(key, (entry = { frame, write }));
    return entry;
  };
  /** Each per-thread array with its elements moved to their threads' new places (and renamed by `f`). */
  function moved<X>(xs: readonly X[], perm: readonly number[]): X[];
  function moved<X>(xs: readonly X[], perm: readonly number[], f: (x: X, perm: readonly number[]) => X): X[];
  function moved<X>(xs: readonly X[], perm: readonly number[], f?: (x: X, perm: readonly number[]) => X): X[] {
    const out = new Array<X>(xs.length);
    for (let i = 0; i < xs.length; i++) out[perm[i]] = f === undefined ? xs[i] : f(xs[i], perm);
    return out;
  }
  /** A thread id renamed (0, no thread, stays 0). */
  const id = (t: number, perm: readonly number[]) => (t === 0 ? 0 : perm[t - 1] + 1);
  const ids = (ts: readonly number[], perm: readonly number[]) => {
    const out = new Array<number>(ts.length);
    for (let j = 0; j < ts.length; j++) out[j] = id(ts[j], perm);
    return out;
  };
  const table = (entries: readonly (Pte | null)[], perm: readonly number[]) => {
    const out = new Array<Pte | null>(entries.length);
    for (let p = 0; p < entries.length; p++) {
      const e = entries[p];
      out[p] = e === null ? null : pte(perm[e.frame], e.write);
    }
    return out;
  };
  const call = (p: { readonly request: number; readonly server: number } | null, perm: readonly number[]) => (p === null ? null : { request: p.request, server: id(p.server, perm) });

  // Signatures, computed for every thread of a state at once (the canonical form asks thread by thread).
  const sigs = new Float64Array(T);
  let signed: ServerPoolState | undefined;
  /** Each thread id's place in the ready queue and in the endpoint's queue (from 1; 0 when absent). */
  const readyAt = new Int32Array(T + 1);
  const queuedAt = new Int32Array(T + 1);
  // What each thread is doing, in terms no renaming changes: its program point, TCB, register,
  // outstanding call, places in the queues, and whether it is current, holds a caller or was
  // last served. Threads that agree on all of it are the only ones tried in every order.
  const signAll = (st: ServerPoolState) => {
    const k = st.kernel;
    readyAt.fill(0);
    queuedAt.fill(0);
    const ready = k.sched.ready;
    for (let j = 0; j < ready.length; j++) readyAt[ready[j]] = j + 1;
    const queue = k.eps[0].queue;
    for (let j = 0; j < queue.length; j++) queuedAt[queue[j]] = j + 1;
    const current = k.sched.current;
    const ptbr = st.hw.ptbr;
    const accessed = st.hw.access === null ? -1 : st.hw.access.component;
    const to = k.ghost.delivered === null ? -1 : k.ghost.delivered.to;
    const from = k.ghost.delivered === null ? -1 : k.ghost.delivered.from;
    for (let i = 0; i < T; i++) {
      const t = i + 1;
      const tcb = k.tcb[i];
      const pending = k.ghost.pending[i];
      const flags =
        (k.slot[i] !== 0 ? 1 : 0) | (current === t ? 2 : 0) | (ptbr === i ? 4 : 0) | (accessed === i ? 8 : 0) |
        (to === t ? 16 : 0) | (from === t ? 32 : 0) | (pending !== null && pending.server !== 0 ? 64 : 0);
      let sig = textCode(st.pc[i]);
      sig = sig * 8 + THREAD_STATES.indexOf(tcb.state);
      sig = sig * 4 + tcb.on * 2 + (tcb.isCall ? 1 : 0);
      sig = sig * 32 + k.mr[i];
      sig = sig * 32 + (pending === null ? 0 : pending.request + 1);
      sig = sig * 128 + flags;
      sig = sig * 32 + readyAt[t];
      sigs[i] = sig * 32 + queuedAt[t];
    }
  };
  return {
    groups: [Array.from({ length: C }, (_, i) => i), Array.from({ length: S }, (_, i) => C + i)],
    permute: (st: ServerPoolState, perm: readonly number[]) => {
      const { hw, kernel } = st;
      const delivered = kernel.ghost.delivered;
      return {
        hw: {
          mode: hw.mode,
          ptbr: perm[hw.ptbr],
          tables: moved(hw.tables, perm, table),
          access: hw.access === null ? null : { component: perm[hw.access.component], frame: perm[hw.access.frame] },
        },
        kernel: {
          sched: { current: id(kernel.sched.current, perm), ready: ids(kernel.sched.ready, perm) },
          tcb: moved(kernel.tcb, perm),
          mr: moved(kernel.mr, perm),
          slot: moved(kernel.slot, perm, id),
          eps: kernel.eps.map((ep) => ({ state: ep.state, queue: ids(ep.queue, perm) })),
          ghost: {
            pending: moved(kernel.ghost.pending, perm, call),
            delivered: delivered === null ? null : { to: id(delivered.to, perm), from: id(delivered.from, perm), value: delivered.value },
          },
        },
        pc: moved(st.pc, perm),
      };
    },
    signature: (st: ServerPoolState, i: number) => {
      if (st !== signed) {
        signAll(st);
        signed = st;
      }
      return sigs[i];
    },
  };
}
