/**
 * L4-style synchronous RPC over one kernel endpoint: the project's benchmark specification
 * `L4Ipc.tla` (`../shared/bench/L4Ipc.tla` with `L4Ipc.cfg`; TLC's figures in
 * `../shared/bench/README.md`), state for state.
 *
 * `C` clients (ids 1..C) each make `R` calls. A call sends `<self, v>` with a payload `v` in
 * 0..P-1 chosen afresh for every call, and blocks until the reply arrives. `S` servers (ids 1..S)
 * start with one `Wait` on the endpoint and then loop on `ReplyWait`: answer the client they
 * serve by echoing its request, then receive the next one. The endpoint holds either a FIFO of
 * clients blocked sending (`sendQ`) or a FIFO of servers blocked receiving (`recvQ`). Transfer is
 * a rendezvous: a call that finds a receiving server hands its message over at once, otherwise
 * the client queues and a later (Reply)Wait takes it. Each server has its own reply capability
 * `sreply[s]`, naming the client it must answer; a reply to a client that is not blocked waiting
 * for one is dropped, as the L4 and seL4 kernels refuse it.
 *
 * Actions, in the order of the TLA+ `Next`: `Call(c, v)` for each client `c` and, inside it, each
 * payload `v`; then `ServerWait(s)` and `ReplyWait(s)` for each server `s`. The specification's
 * `Done` (a stutter once every client is idle with `R` rounds done) is not an action: those
 * states are the valid end states of deadlock freedom instead. Distinct states and depth are
 * unaffected; TLC's generated count is larger by one per state satisfying `Terminated`.
 *
 * Abstractions: none. Each TLA+ variable is one field of the state and carries the same
 * information: the message record `NoMsg` (`[client |-> 0, val |-> 0]`) is `null`, any other
 * message `{ client, val }`; `NoThread` is 0; sequences are queues with the head first. Thread
 * ids are 1-based as in the specification; arrays are indexed by id − 1.
 *
 * Properties: `TypeOK` (implied by the shape, checked all the same); `EndpointOK` (never both
 * queues non-empty, each no longer than its thread count); `ReplyCorrect` (a client's received
 * reply is addressed to it and carries the payload it sent in that round); deadlock freedom with
 * `Terminated` as the valid end; and the witness that a call completes. Figures from TLC 2.18 (breadth-first, one worker):
 *
 * | C | S | R | P | distinct  | depth | verdict  |
 * |---|---|---|---|-----------|-------|----------|
 * | 2 | 2 | 2 | 2 | 369       | 11    | no error |
 * | 4 | 2 | 3 | 2 | 308,845   | 27    | no error |
 * | 5 | 2 | 2 | 2 | 1,306,271 | 23    | no error |
 * | 4 | 3 | 4 | 2 | 2,471,112 | 36    | no error |
 *
 * This model reproduces every row; the unit tests pin the first two, the larger ones are left to
 * the benchmark.
 *
 * Symmetry: the clients are interchangeable, and so are the servers (threads 0..C−1 are the
 * clients, C..C+S−1 the servers): a renaming moves each client's and server's fields and renames
 * the client ids in messages, reply capabilities and `sendQ`, and the server ids in `recvQ`.
 *
 * Seeded bug (`bug: 'sharedReplyCap'`): one reply capability shared by every server instead of
 * one per server, the classic "last caller" mistake. A server that received a request and then
 * answers after another server received one replies to the other server's client, so with two
 * servers `ReplyCorrect` fails (shortest trace: five steps). When the shared capability was
 * cleared (`NoThread`) by another server's receive, the reply has no target and is dropped; the
 * specification never reaches that case, since there a serving server's capability names a client.
 */
import { defineModel, type Model, type Symmetry } from '../core/model.js';
import { array, int, oneOf, optional, queue, record, type Infer } from '../core/shape/index.js';
import { always, deadlockFree, sometimes } from '../../properties/index.js';
import { unreachable } from '../core/unreachable.js';

/**
 * The seeded bugs of {@link l4Ipc}; `none` is the specification.
 *
 * @example
 * BUGS.includes('none'); // true
 */
export const BUGS = ['none', 'sharedReplyCap'] as const;

/**
 * A seeded bug of {@link l4Ipc}: `none` (the specification) or `sharedReplyCap` (one reply
 * capability for all servers).
 *
 * @example
 * const bug: L4IpcBug = 'sharedReplyCap';
 */
export type L4IpcBug = (typeof BUGS)[number];

/**
 * Configuration: the constants `C`, `S`, `R`, `P` of `L4Ipc.tla`, and a seeded bug.
 *
 * @example
 * const cfg: L4IpcConfig = { clients: 4, servers: 2, rounds: 3, payloads: 2, bug: 'none' };
 */
export interface L4IpcConfig {
  /** `C`: client threads, ids 1..C. */
  readonly clients: number;
  /** `S`: server threads, ids 1..S. */
  readonly servers: number;
  /** `R`: calls each client makes. */
  readonly rounds: number;
  /** `P`: distinct payload values, 0..P-1. */
  readonly payloads: number;
  readonly bug: L4IpcBug;
}

/**
 * A step, named as in the TLA+ specification: client `c` calls with payload `v`, server `s`
 * makes its first `Wait`, or server `s` replies and waits. Ids are 1-based.
 *
 * @example
 * const a: L4IpcAction = { kind: 'Call', c: 1, v: 0 };
 */
export type L4IpcAction =
  | { readonly kind: 'Call'; readonly c: number; readonly v: number }
  | { readonly kind: 'ServerWait'; readonly s: number }
  | { readonly kind: 'ReplyWait'; readonly s: number };

const CLIENT_PCS = ['idle', 'sendBlocked', 'replyBlocked'] as const;
const SERVER_PCS = ['start', 'recvBlocked', 'serving'] as const;

/** The state shape; `caps` is the number of reply capabilities (S, or 1 when they are shared). */
function l4IpcShape(C: number, S: number, R: number, P: number, caps: number) {
  const msg = optional(record({ client: int(1, C), val: int(0, P - 1) }));
  return record({
    cpc: array(C, oneOf(...CLIENT_PCS)),
    /** `cround[c-1]`: replies client c has received. */
    cround: array(C, int(0, R)),
    /** `cval[c-1]`: payload of client c's current or last request. */
    cval: array(C, int(0, P - 1)),
    /** `inbox[c-1]`: the reply client c received in this round; `null` is NoMsg. */
    inbox: array(C, msg),
    spc: array(S, oneOf(...SERVER_PCS)),
    /** `smsg[s-1]`: the request server s is serving; `null` is NoMsg. */
    smsg: array(S, msg),
    /** `sreply[s-1]`: the client server s must answer, 0 for NoThread (one shared slot under `sharedReplyCap`). */
    sreply: array(caps, int(0, C)),
    /** Clients blocked in the send phase of Call, head first. */
    sendQ: queue(C, int(1, C)),
    /** Servers blocked in receive, head first. */
    recvQ: queue(S, int(1, S)),
  });
}

/**
 * A state of the model: the nine TLA+ variables, `cpc` to `recvQ`.
 *
 * @example
 * const s: L4IpcState = l4Ipc().init()[0];
 * s.sreply;  // [0, 0]: no server owes a reply
 * s.inbox;   // [null, null]: NoMsg
 */
export type L4IpcState = Infer<ReturnType<typeof l4IpcShape>>;

type Msg = L4IpcState['inbox'][number];
type ClientPc = L4IpcState['cpc'][number];

/**
 * The L4 IPC model.
 *
 * @example
 * const r = check(l4Ipc({ clients: 2, servers: 2, rounds: 2, payloads: 2 }));
 * r.stats.distinct;                                       // 369
 * r.verdicts['ReplyCorrect'].status;                      // 'holds'
 * check(l4Ipc({ bug: 'sharedReplyCap' })).verdicts['ReplyCorrect'].status; // 'violated'
 */
export function l4Ipc(config: Partial<L4IpcConfig> = {}): Model<L4IpcState, L4IpcAction> {
  const cfg: L4IpcConfig = { clients: 2, servers: 2, rounds: 2, payloads: 2, bug: 'none', ...config };
  const { clients: C, servers: S, rounds: R, payloads: P } = cfg;
  const shared = cfg.bug === 'sharedReplyCap';
  const caps = shared ? 1 : S;
  /** The slot of `sreply` holding server `si`'s (0-based) reply capability. */
  const cap = (si: number) => (shared ? 0 : si);
  const NO_THREAD = 0;

  // Messages and action values are built once: `next` and `actions` share them.
  // MSG[c][v] is [client |-> c, val |-> v] for client id c (1-based).
  const MSG: Msg[][] = Array.from({ length: C + 1 }, (_, c) => Array.from({ length: P }, (_, v) => (c === 0 ? null : { client: c, val: v })));
  const CALL = Array.from({ length: C }, (_, ci) => Array.from({ length: P }, (_, v): L4IpcAction => ({ kind: 'Call', c: ci + 1, v })));
  const SERVER_WAIT = Array.from({ length: S }, (_, si): L4IpcAction => ({ kind: 'ServerWait', s: si + 1 }));
  const REPLY_WAIT = Array.from({ length: S }, (_, si): L4IpcAction => ({ kind: 'ReplyWait', s: si + 1 }));

  const actions = (st: L4IpcState): L4IpcAction[] => {
    const out: L4IpcAction[] = [];
    const cpc = st.cpc;
    const cround = st.cround;
    for (let ci = 0; ci < C; ci++) {
      // Call(c, v): c is idle with rounds left; one action per payload.
      if (cpc[ci] === 'idle' && cround[ci] < R) {
        const calls = CALL[ci];
        for (let v = 0; v < P; v++) out.push(calls[v]);
      }
    }
    const spc = st.spc;
    for (let si = 0; si < S; si++) {
      const pc = spc[si];
      if (pc === 'start') out.push(SERVER_WAIT[si]);
      else if (pc === 'serving') out.push(REPLY_WAIT[si]);
    }
    return out;
  };

  /**
   * The receive phase of Wait and ReplyWait for server `si` (0-based). `cpcMid`, `cround` and
   * `inbox` are those after the reply phase; `cpcOwned` says whether `cpcMid` is a fresh copy
   * this function may write (else it is copied before the one write it may need).
   */
  const recvPhase = (
    st: L4IpcState,
    si: number,
    cpcMid: readonly ClientPc[],
    cpcOwned: boolean,
    cround: readonly number[],
    inbox: readonly Msg[],
  ): L4IpcState => {
    const spc = st.spc.slice();
    const smsg = st.smsg.slice();
    const sreply = st.sreply.slice();
    const sendQ = st.sendQ;
    if (sendQ.length > 0) {
      // Take the first blocked sender: it now waits for the reply.
      const c = sendQ[0];
      const cpc = cpcOwned ? (cpcMid as ClientPc[]) : cpcMid.slice();
      cpc[c - 1] = 'replyBlocked';
      spc[si] = 'serving';
      smsg[si] = MSG[c][st.cval[c - 1]];
      sreply[cap(si)] = c;
      return { cpc, cround, cval: st.cval, inbox, spc, smsg, sreply, sendQ: sendQ.slice(1), recvQ: st.recvQ };
    }
    // No sender: block on the endpoint with empty message register and capability.
    spc[si] = 'recvBlocked';
    smsg[si] = null;
    sreply[cap(si)] = NO_THREAD;
    const recvQ = st.recvQ.slice();
    recvQ.push(si + 1);
    return { cpc: cpcMid, cround, cval: st.cval, inbox, spc, smsg, sreply, sendQ, recvQ };
  };

  const next = (st: L4IpcState, a: L4IpcAction): L4IpcState => {
    switch (a.kind) {
      case 'Call': {
        const c = a.c;
        const ci = c - 1;
        const v = a.v;
        let cval = st.cval;
        if (cval[ci] !== v) {
          const copy = cval.slice();
          copy[ci] = v;
          cval = copy;
        }
        let inbox = st.inbox;
        if (inbox[ci] !== null) {
          const copy = inbox.slice();
          copy[ci] = null;
          inbox = copy;
        }
        const cpc = st.cpc.slice();
        const recvQ = st.recvQ;
        if (recvQ.length > 0) {
          // Rendezvous with the first waiting server, which now serves c.
          const si = recvQ[0] - 1;
          const spc = st.spc.slice();
          const smsg = st.smsg.slice();
          const sreply = st.sreply.slice();
          spc[si] = 'serving';
          smsg[si] = MSG[c][v];
          sreply[cap(si)] = c;
          cpc[ci] = 'replyBlocked';
          return { cpc, cround: st.cround, cval, inbox, spc, smsg, sreply, sendQ: st.sendQ, recvQ: recvQ.slice(1) };
        }
        // No server waiting: block on the endpoint.
        cpc[ci] = 'sendBlocked';
        const sendQ = st.sendQ.slice();
        sendQ.push(c);
        return { cpc, cround: st.cround, cval, inbox, spc: st.spc, smsg: st.smsg, sreply: st.sreply, sendQ, recvQ };
      }
      case 'ServerWait':
        // The initial Wait: the receive phase alone.
        return recvPhase(st, a.s - 1, st.cpc, false, st.cround, st.inbox);
      case 'ReplyWait': {
        const si = a.s - 1;
        const t = st.sreply[cap(si)];
        const m = st.smsg[si];
        // The reply goes through only to a client blocked waiting for one; otherwise it is dropped.
        if (t === NO_THREAD || st.cpc[t - 1] !== 'replyBlocked') return recvPhase(st, si, st.cpc, false, st.cround, st.inbox);
        const cpc = st.cpc.slice();
        const cround = st.cround.slice();
        const inbox = st.inbox.slice();
        // The reply echoes the request being served; NoMsg would echo as NoMsg.
        inbox[t - 1] = m === null ? null : MSG[m.client][m.val];
        cround[t - 1]++;
        cpc[t - 1] = 'idle';
        return recvPhase(st, si, cpc, true, cround, inbox);
      }
      default:
        return unreachable(a);
    }
  };

  const terminated = (st: L4IpcState): boolean => {
    for (let ci = 0; ci < C; ci++) if (st.cpc[ci] !== 'idle' || st.cround[ci] !== R) return false;
    return true;
  };
  const inRange = (x: number, lo: number, hi: number) => Number.isInteger(x) && x >= lo && x <= hi;
  const isMsg = (m: Msg) => m === null || (inRange(m.client, 1, C) && inRange(m.val, 0, P - 1));
  /** Whether `xs` has `n` elements, each a whole number in lo..hi. */
  const allIn = (xs: readonly number[], n: number, lo: number, hi: number) => {
    if (xs.length !== n) return false;
    for (let i = 0; i < n; i++) if (!inRange(xs[i], lo, hi)) return false;
    return true;
  };
  /** Whether `ms` has `n` elements, each NoMsg or a message. */
  const allMsgs = (ms: readonly Msg[], n: number) => {
    if (ms.length !== n) return false;
    for (let i = 0; i < n; i++) if (!isMsg(ms[i])) return false;
    return true;
  };

  const symmetry: Symmetry<L4IpcState> = {
    groups: [Array.from({ length: C }, (_, i) => i), Array.from({ length: S }, (_, i) => C + i)],
    permute: (st, perm) => {
      const client = (c: number) => (c === NO_THREAD ? NO_THREAD : perm[c - 1] + 1);
      const server = (s: number) => perm[C + s - 1] - C + 1;
      const msg = (m: Msg): Msg => (m === null ? null : { client: client(m.client), val: m.val });
      const byClient = <X>(xs: readonly X[], f: (x: X) => X = (x) => x): X[] => {
        const out = xs.slice();
        for (let ci = 0; ci < C; ci++) out[perm[ci]] = f(xs[ci]);
        return out;
      };
      const byServer = <X>(xs: readonly X[], f: (x: X) => X = (x) => x): X[] => {
        const out = xs.slice();
        for (let si = 0; si < S; si++) out[perm[C + si] - C] = f(xs[si]);
        return out;
      };
      return {
        cpc: byClient(st.cpc),
        cround: byClient(st.cround),
        cval: byClient(st.cval),
        inbox: byClient(st.inbox, msg),
        spc: byServer(st.spc),
        smsg: byServer(st.smsg, msg),
        sreply: shared ? st.sreply.map(client) : byServer(st.sreply, client),
        sendQ: st.sendQ.map(client),
        recvQ: st.recvQ.map(server),
      };
    },
    // A client: its program point, rounds, payload, reply and place in sendQ, and how many servers
    // hold it; a server: its program point, the payload it serves, whether it holds a client, and
    // its place in recvQ. None names another thread.
    signature: (st, t) => {
      if (t < C) {
        const inbox = st.inbox[t];
        let held = 0;
        for (const c of st.sreply) if (c === t + 1) held++;
        let sig = CLIENT_PCS.indexOf(st.cpc[t]);
        sig = sig * 64 + st.cround[t];
        sig = sig * 64 + st.cval[t];
        sig = sig * 64 + (inbox === null ? 0 : inbox.val + 1);
        sig = sig * 64 + st.sendQ.indexOf(t + 1) + 1;
        return sig * 64 + held;
      }
      const si = t - C;
      const m = st.smsg[si];
      let sig = SERVER_PCS.indexOf(st.spc[si]);
      sig = sig * 64 + (m === null ? 0 : m.val + 1);
      sig = sig * 2 + (!shared && st.sreply[si] !== NO_THREAD ? 1 : 0);
      return sig * 64 + st.recvQ.indexOf(si + 1) + 1;
    },
  };

  const name = `l4Ipc(C=${C},S=${S},R=${R},P=${P}${shared ? ',bug=sharedReplyCap' : ''})`;
  return defineModel<L4IpcState, L4IpcAction>({
    name,
    config: { ...cfg },
    shape: l4IpcShape(C, S, R, P, caps),
    symmetry,
    init: () => [
      {
        cpc: Array.from({ length: C }, () => 'idle' as const),
        cround: Array.from({ length: C }, () => 0),
        cval: Array.from({ length: C }, () => 0),
        inbox: Array.from({ length: C }, () => null),
        spc: Array.from({ length: S }, () => 'start' as const),
        smsg: Array.from({ length: S }, () => null),
        sreply: Array.from({ length: caps }, () => NO_THREAD),
        sendQ: [],
        recvQ: [],
      },
    ],
    actions,
    next,
    showAction: (a) => (a.kind === 'Call' ? `Call(${a.c}, ${a.v})` : `${a.kind}(${a.s})`),
    properties: [
      always('TypeOK', (st: L4IpcState) => {
        // Plain loops and comparisons: this runs on every state.
        const { cpc, spc } = st;
        if (cpc.length !== C || spc.length !== S) return false;
        for (let ci = 0; ci < C; ci++) {
          const pc = cpc[ci];
          if (pc !== 'idle' && pc !== 'sendBlocked' && pc !== 'replyBlocked') return false;
        }
        for (let si = 0; si < S; si++) {
          const pc = spc[si];
          if (pc !== 'start' && pc !== 'recvBlocked' && pc !== 'serving') return false;
        }
        return (
          allIn(st.cround, C, 0, R) &&
          allIn(st.cval, C, 0, P - 1) &&
          allMsgs(st.inbox, C) &&
          allMsgs(st.smsg, S) &&
          allIn(st.sreply, caps, 0, C) &&
          allIn(st.sendQ, st.sendQ.length, 1, C) &&
          allIn(st.recvQ, st.recvQ.length, 1, S)
        );
      }),
      always('EndpointOK', (st: L4IpcState) => (st.sendQ.length === 0 || st.recvQ.length === 0) && st.sendQ.length <= C && st.recvQ.length <= S),
      always('ReplyCorrect', (st: L4IpcState) => {
        for (let ci = 0; ci < C; ci++) {
          const m = st.inbox[ci];
          if (m !== null && (m.client !== ci + 1 || m.val !== st.cval[ci])) return false;
        }
        return true;
      }),
      deadlockFree({ validEnd: terminated }),
      sometimes('a call completes', (st: L4IpcState) => st.cround.some((r) => r > 0)),
    ],
  });
}
