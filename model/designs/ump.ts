/**
 * Barrelfish UMP (spec card M10): cross-core message passing through rings of cache-line
 * messages in a shared page, with no kernel on the data path.
 *
 * Sources: BarrelfishOS/barrelfish `include/barrelfish/ump_impl.h`, `ump_chan.h`,
 * `doc/011-idc/IDC.tex`.
 *
 * Abstractions: a message is one slot: a payload value, then a control word (a 1-bit epoch and a
 * header carrying the sender's consumed count of the reverse ring: the piggybacked
 * acknowledgement), written in two user steps, header last. Message i goes in slot i mod N with
 * epoch ⌊i/N⌋ even (the buffer starts zeroed); the receiver accepts slot `pos` iff its epoch is
 * the one expected there. Flow control: can_send ⇔ next_id − ack_id < N, ack_id the latest
 * consumed count known from headers or from the explicit acknowledgement word, which a receiver
 * writes once its ring is drained and it owes max(N − 1, 1) acknowledgements. Sequence numbers run
 * modulo 4N; the sender's knowledge is whichever of ack_id and the word is nearer next_id, so a
 * publish first replaces any acknowledgement of its ring that would come level with next_id (one
 * left 4N − 1 behind: a one-way ring's ack_id, a word left behind by piggybacking, an unread
 * header) by that knowledge, which changes no behaviour (Barrelfish's one ack_id, overwritten by
 * every control word in ring order, needs no such step). Rings are per sender, as in Barrelfish (a
 * binding is a pair of rings): thread u's messages on channel o go in ring (o, u), read by the
 * other party; an RPC service has a request ring and a response ring per client (one server: more
 * is n/a). N is the object's `capacity`, else the option (default 2); every ring has the largest N
 * slots in the state and uses its first N.
 *
 * One processor: the card's two cores become one processor whose timer may preempt after any step,
 * so whole steps interleave as they would on two cores under sequentially consistent memory; a
 * waiting party does not spin but sleeps (a trap), and the peer's write to the channel page wakes
 * it, standing for its poll loop seeing that write. A receiver woken so takes the message in the
 * waking step (and writes an acknowledgement it then owes). An RPC client's request publish goes
 * straight on to its wait for the response, which cannot be there yet (the server has not taken
 * the request), so every response reaches a client asleep for it, in the server's publish step:
 * the reply event (a client polling while it ran would take its reply while runnable, which the
 * framework's reply correctness rejects). A sender that cannot send drains its receive rings of
 * the same channel or service (its binding) into a user-level buffer (the event loop runs receive
 * handlers while a send waits; the model bounds it at 2N and reports a model error beyond) and
 * acknowledges; receives take from that buffer first. Every take emits its event: a request, a
 * reply or a message.
 *
 * Invariants: 'no message lost' (no payload lands on an unconsumed slot: a ghost bit) and 'ring
 * indices within bounds' (known ack ≤ consumed ≤ sent ≤ known ack + N). The rings are fixed in
 * the shared page: kernel memory 0.
 *
 * Seeded mutants (card M10): `ignoreCanSend` (F1: the sender laps the receiver; the 1-bit epoch
 * cannot tell laps apart), `blockedSenderStopsDraining` (F2: a sender waiting for can_send stops
 * draining and acknowledging).
 */
import { array, bool, int, oneOf, queue, record } from '../core/shape/index.js';
import { always } from '../../properties/always.js';
import { defineDesign, type Frame, type KernelEvent, type KernelState, type Outcome, type SyscallResult } from './design.js';

/**
 * A thread's state: running, asleep (in a send, or in a receive the wake-up completes) or done;
 * the phase of its send (`publish`: the payload is written) and its object plus one; the value
 * last received; the request being served (its ring plus one); saved requests; the messages it
 * drained while a send waited (ring plus one, value).
 *
 * @example
 * const t: UmpTcb = { state: 'running', phase: 'idle', obj: 0, mr: 0, peer: 0, saved: [], buf: [] };
 */
export interface UmpTcb {
  readonly state: 'running' | 'sending' | 'receiving' | 'responding' | 'done';
  readonly phase: 'idle' | 'publish' | 'ack';
  readonly obj: number;
  readonly mr: number;
  readonly peer: number;
  readonly saved: readonly number[];
  readonly buf: readonly { readonly ring: number; readonly value: number }[];
}

/**
 * One ring and its two ends' counters: the slots, the sender's `sent` (next_id) and `ackId`, the
 * receiver's `recvd` (seq_id), `lastAck` and the explicit acknowledgement word.
 *
 * @example
 * const r: UmpRing = { slots: [{ val: 0, epoch: false, ack: 0 }], sent: 0, ackId: 0, recvd: 0, lastAck: 0, ackWord: 0 };
 */
export interface UmpRing {
  readonly slots: readonly { readonly val: number; readonly epoch: boolean; readonly ack: number }[];
  readonly sent: number;
  readonly ackId: number;
  readonly recvd: number;
  readonly lastAck: number;
  readonly ackWord: number;
}

/**
 * The channel pages: ring (o, u) at `o·T + u − 1`, the response ring to client c of service o at
 * `(n + o)·T + c − 1`; the ghost bit 'a message was lost'.
 *
 * @example
 * const o: UmpObjects = { rings: [], lost: false };
 */
export interface UmpObjects {
  readonly rings: readonly UmpRing[];
  readonly lost: boolean;
}

/**
 * The calls.
 *
 * @example
 * const c: UmpCall = { kind: 'Send', obj: 0 };
 */
export type UmpCall =
  | { readonly kind: 'Send' | 'Receive' | 'Rpc' | 'Serve' | 'ReplyServe'; readonly obj: number }
  | { readonly kind: 'Save' | 'ReplySaved'; readonly slot: number }
  | { readonly kind: 'Reply' | 'Exit' };

/**
 * Options and seeded mutants of {@link ump}.
 *
 * @example
 * const f2: UmpOptions = { blockedSenderStopsDraining: true };
 */
export interface UmpOptions {
  /** Slots N of a ring where the object sets no capacity; default 2. */
  readonly capacity?: number;
  readonly ignoreCanSend?: boolean;
  readonly blockedSenderStopsDraining?: boolean;
}

type K = KernelState<UmpTcb, UmpObjects>;
type Work = { tcb: UmpTcb[]; rings: UmpRing[]; lost: boolean; woken: number[]; events: KernelEvent[]; f: Frame };

/**
 * The UMP design.
 *
 * @example
 * const m = compose(ump(), rpcPool.build(rpcPool.defaults));
 * const f1 = ump({ ignoreCanSend: true });
 */
export function ump(options: UmpOptions = {}) {
  const C = options.capacity ?? 2;
  if (!Number.isSafeInteger(C) || C < 1) throw new RangeError(`ump: capacity must be a whole number of at least 1, got ${C}`);
  const flags = (['ignoreCanSend', 'blockedSenderStopsDraining'] as const).filter((o) => options[o]);
  const objOf = (f: Frame, r: number) => Math.floor(r / f.threads) % f.objects.length;
  const N = (f: Frame, r: number) => f.objects[objOf(f, r)].capacity ?? C;
  const W = (f: Frame, r: number) => 4 * N(f, r);
  /** Slots per ring in the state: the largest N; a ring of a smaller object uses its first N. */
  const maxN = (f: Frame) => Math.max(C, ...f.objects.map((o) => o.capacity ?? C));
  const isRsp = (f: Frame, r: number) => r >= f.objects.length * f.threads;
  const ringOf = (f: Frame, o: number, u: number) => o * f.threads + u - 1;
  const rspOf = (f: Frame, o: number, c: number) => (f.objects.length + o) * f.threads + c - 1;
  const sender = (f: Frame, r: number) => (isRsp(f, r) ? f.objects[objOf(f, r)].servers[0] : (r % f.threads) + 1);
  const reader = (f: Frame, r: number) => (isRsp(f, r) ? (r % f.threads) + 1 : (f.objects[objOf(f, r)].servers.find((s) => s !== (r % f.threads) + 1) ?? 0));
  /** The ring whose acknowledgements ride on ring r's headers: the one r's sender reads from r's reader. */
  const reverse = (f: Frame, r: number) => (isRsp(f, r) ? ringOf(f, objOf(f, r), (r % f.threads) + 1) : f.objects[objOf(f, r)].kind === 'service' ? rspOf(f, objOf(f, r), (r % f.threads) + 1) : ringOf(f, objOf(f, r), reader(f, r) || 1));
  /** The rings t reads on object o: its response ring, or the other parties' rings. */
  const sources = (f: Frame, o: number, t: number, response: boolean) =>
    response ? [rspOf(f, o, t)] : Array.from({ length: f.threads }, (_, u) => u + 1).filter((u) => u !== t).map((u) => ringOf(f, o, u));
  const dist = (f: Frame, r: number, a: number, b: number) => (a - b + W(f, r)) % W(f, r);
  const epochOf = (f: Frame, r: number, i: number) => Math.floor(i / N(f, r)) % 2 === 0;
  /** The latest consumed count ring r's sender knows (from headers or the acknowledgement word). */
  const known = (f: Frame, g: UmpRing, r: number) => (dist(f, r, g.sent, g.ackWord) < dist(f, r, g.sent, g.ackId) ? g.ackWord : g.ackId);
  const canSend = (f: Frame, g: UmpRing, r: number) => dist(f, r, g.sent, known(f, g, r)) < N(f, r);
  const hasMessage = (w: Work, r: number) => w.rings[r].slots[w.rings[r].recvd % N(w.f, r)].epoch === epochOf(w.f, r, w.rings[r].recvd);
  const owed = (w: Work, r: number) => dist(w.f, r, w.rings[r].recvd, w.rings[r].lastAck) >= Math.max(N(w.f, r) - 1, 1) && !hasMessage(w, r);

  const set = (w: Work, t: number, change: Partial<UmpTcb>) => (w.tcb[t - 1] = { ...w.tcb[t - 1], ...change });
  const ring = (w: Work, r: number, change: Partial<UmpRing>) => (w.rings[r] = { ...w.rings[r], ...change });
  const result = (w: Work, outcome: Outcome): SyscallResult<K> => ({ kernel: { threads: w.tcb, objects: { rings: w.rings, lost: w.lost } }, outcome, woken: w.woken, events: w.events });
  const what = (f: Frame, r: number) => (isRsp(f, r) ? 'reply' : f.objects[objOf(f, r)].kind === 'service' ? 'request' : 'message');

  /** t reads slot `recvd` of ring r (its header's acknowledgement updates the reverse ring's ack_id) and takes it: a request, reply or message event; the value. */
  function consume(w: Work, t: number, r: number): number {
    const g = w.rings[r];
    const slot = g.slots[g.recvd % N(w.f, r)];
    ring(w, r, { recvd: (g.recvd + 1) % W(w.f, r) });
    const v = reverse(w.f, r);
    const h = w.rings[v];
    if (dist(w.f, v, h.sent, slot.ack) < dist(w.f, v, h.sent, h.ackId)) ring(w, v, { ackId: slot.ack });
    w.events.push({ kind: 'transfer', what: what(w.f, r), from: sender(w.f, r), to: t, value: slot.val });
    return slot.val;
  }

  /** t writes the acknowledgement word of ring r; a sender asleep waiting to send on r's channel wakes. */
  function acknowledge(w: Work, t: number, r: number): void {
    ring(w, r, { ackWord: w.rings[r].recvd, lastAck: w.rings[r].recvd });
    wakeSender(w, sender(w.f, r));
  }

  function wakeSender(w: Work, u: number): void {
    if (u === 0 || w.tcb[u - 1].state !== 'sending') return;
    set(w, u, { state: 'running' });
    w.woken.push(u);
  }

  /** t delivers what it read to itself: the value in its register; a served request is remembered. */
  const deliver = (w: Work, t: number, r: number, value: number) => set(w, t, { mr: value, ...(what(w.f, r) === 'request' ? { peer: r + 1 } : {}) });

  /**
   * A control word just published on ring r by `from`: a reader asleep in a receive (or a client
   * asleep for its response) takes it and acknowledges what it owes, in this step (its poll saw
   * the write); a reader asleep in a send wakes to drain it.
   */
  function published(w: Work, r: number): void {
    const q = reader(w.f, r);
    const x = q === 0 ? undefined : w.tcb[q - 1];
    if (x === undefined) return;
    if (x.state === 'sending') return wakeSender(w, q);
    const waits = (x.state === 'receiving' && sources(w.f, x.obj - 1, q, false).includes(r)) || (x.state === 'responding' && r === rspOf(w.f, x.obj - 1, q));
    if (!waits) return;
    deliver(w, q, r, consume(w, q, r));
    if (owed(w, r)) acknowledge(w, q, r);
    set(w, q, { state: 'running', obj: 0, phase: 'idle' });
    w.woken.push(q);
  }

  /**
   * Ring r's next_id is about to advance. An acknowledgement of r that lags it by 4N − 1 would then
   * read, modulo 4N, as everything acknowledged: the header-learned ack_id or the acknowledgement
   * word when only the other one has moved for 4N − 1 sends (a one-way channel has no headers; a
   * piggybacking one leaves the word behind), or the header of a message not yet read. Such a value
   * is not the sender's knowledge (that lags by less than N) and can never again be the fresher, so
   * it is replaced by that knowledge: a canonical form that changes no behaviour. (Barrelfish needs
   * none: its one ack_id is overwritten by every control word, in ring order, indices modulo 2^16.)
   */
  function forgetStale(w: Work, r: number): void {
    const g = w.rings[r];
    const k = known(w.f, g, r);
    const stale = (x: number) => dist(w.f, r, g.sent, x) === W(w.f, r) - 1;
    if (stale(g.ackId) || stale(g.ackWord)) ring(w, r, { ackId: stale(g.ackId) ? k : g.ackId, ackWord: stale(g.ackWord) ? k : g.ackWord });
    w.rings.forEach((q, i) => {
      const unread = (j: number) => j < N(w.f, i) && (j - q.recvd + W(w.f, i)) % N(w.f, i) < dist(w.f, i, q.sent, q.recvd);
      if (reverse(w.f, i) === r && q.slots.some((s, j) => unread(j) && stale(s.ack))) ring(w, i, { slots: q.slots.map((s, j) => (unread(j) && stale(s.ack) ? { ...s, ack: k } : s)) });
    });
  }

  /** One step of t's send of `value` on ring r; `done` says what follows the last step. */
  function send(w: Work, t: number, r: number, value: number, done: () => Outcome): Outcome {
    const g = w.rings[r];
    const me = w.tcb[t - 1];
    const o = objOf(w.f, r);
    // Publish: the control word (epoch and piggybacked acknowledgement), last.
    if (me.phase === 'publish') {
      const v = reverse(w.f, r);
      forgetStale(w, r);
      ring(w, r, { slots: w.rings[r].slots.map((s, i) => (i === g.sent % N(w.f, r) ? { ...s, epoch: epochOf(w.f, r, g.sent), ack: w.rings[v].recvd } : s)), sent: (g.sent + 1) % W(w.f, r) });
      ring(w, v, { lastAck: w.rings[v].recvd });
      set(w, t, { phase: 'idle', obj: 0 });
      published(w, r);
      return done();
    }
    // can_send (F1: ignored): write the payload.
    if (options.ignoreCanSend || canSend(w.f, g, r)) {
      if (dist(w.f, r, g.sent, g.recvd) >= N(w.f, r)) w.lost = true;
      ring(w, r, { slots: g.slots.map((s, i) => (i === g.sent % N(w.f, r) ? { ...s, val: value } : s)) });
      set(w, t, { phase: 'publish', obj: o + 1 });
      return { kind: 'continues' };
    }
    // Waiting for can_send: drain a message into the buffer, or acknowledge, else sleep (F2: just sleep).
    const rs = w.f.objects[o].kind === 'service' ? (isRsp(w.f, r) ? sources(w.f, o, t, false) : [rspOf(w.f, o, t)]) : sources(w.f, o, t, false);
    const full = rs.find((x) => hasMessage(w, x));
    if (!options.blockedSenderStopsDraining && full !== undefined) {
      if (me.buf.length >= 2 * N(w.f, r)) throw new Error(`ump: ${w.f.threadNames[t - 1]} drained more than ${2 * N(w.f, r)} messages while its send waited (the model's buffer bound)`);
      set(w, t, { buf: [...me.buf, { ring: full + 1, value: consume(w, t, full) }] });
      return { kind: 'continues' };
    }
    const ack = rs.find((x) => owed(w, x));
    if (!options.blockedSenderStopsDraining && ack !== undefined) {
      acknowledge(w, t, ack);
      return { kind: 'continues' };
    }
    set(w, t, { state: 'sending', obj: o + 1 });
    return { kind: 'continues' };
  }

  /** One step of t's receive on object o (`response`: a client's wait for its response). */
  function receive(w: Work, t: number, o: number, response: boolean): Outcome {
    const rs = sources(w.f, o, t, response);
    const me = w.tcb[t - 1];
    // Acknowledge what the last take left owed.
    if (me.phase === 'ack') {
      const r = rs.find((x) => owed(w, x));
      if (r !== undefined) acknowledge(w, t, r);
      set(w, t, { phase: 'idle' });
      return { kind: 'returned' };
    }
    // A message drained while a send waited.
    const b = me.buf.findIndex((m) => rs.includes(m.ring - 1));
    if (b >= 0) {
      set(w, t, { buf: me.buf.filter((_, i) => i !== b), phase: 'idle', obj: 0 });
      deliver(w, t, me.buf[b].ring - 1, me.buf[b].value);
      return { kind: 'returned' };
    }
    const r = rs.find((x) => hasMessage(w, x));
    // Nothing: sleep until the peer's write (the wake-up takes the message).
    if (r === undefined) {
      set(w, t, { state: response ? 'responding' : 'receiving', obj: o + 1 });
      return { kind: 'blocked', on: response ? 'response' : `ring ${w.f.objects[o].name}` };
    }
    deliver(w, t, r, consume(w, t, r));
    set(w, t, { phase: 'idle', obj: 0 });
    // A response is the reply (consume's event) and ends the call: the acknowledgement it owes goes in this step, not in a phase of the call.
    if (response) {
      if (owed(w, r)) acknowledge(w, t, r);
      return { kind: 'returned' };
    }
    if (!owed(w, r)) return { kind: 'returned' };
    set(w, t, { phase: 'ack' });
    return { kind: 'continues' };
  }

  const replyRing = (f: Frame, peer: number) => rspOf(f, objOf(f, peer - 1), ((peer - 1) % f.threads) + 1);

  const syscall = (k: K, t: number, call: UmpCall, message: number, f: Frame): SyscallResult<K> => {
    const w: Work = { tcb: k.threads.slice(), rings: k.objects.rings.slice(), lost: k.objects.lost, woken: [], events: [], f };
    const me = w.tcb[t - 1];
    const returned = (): Outcome => ({ kind: 'returned' });
    switch (call.kind) {
      // Send: payload, then control word, on the thread's ring of the channel.
      case 'Send':
        return result(w, send(w, t, ringOf(f, call.obj, t), message, returned));
      // Receive and Serve: the buffer first, then the other parties' rings.
      case 'Receive':
      case 'Serve':
        return result(w, receive(w, t, call.obj, false));
      // Rpc: send the request on the client's request ring; its publish goes straight on to wait for the response (none can be there yet), which the server's publish delivers.
      case 'Rpc':
        return result(w, send(w, t, ringOf(f, call.obj, t), message, () => receive(w, t, call.obj, true)));
      // Reply: send the response on the served client's response ring; nothing to answer, nothing happens.
      case 'Reply':
        if (me.peer === 0) return result(w, returned());
        return result(w, send(w, t, replyRing(f, me.peer), message, () => (set(w, t, { peer: 0 }), returned())));
      // ReplyServe: Reply, then Serve.
      case 'ReplyServe':
        if (me.peer !== 0 && me.phase !== 'ack') return result(w, send(w, t, replyRing(f, me.peer), message, () => (set(w, t, { peer: 0 }), { kind: 'continues' })));
        return result(w, receive(w, t, call.obj, false));
      case 'Save':
        set(w, t, { peer: 0, saved: me.saved.map((p, i) => (i === call.slot ? me.peer : p)) });
        return result(w, returned());
      case 'ReplySaved': {
        const peer = me.saved[call.slot];
        if (peer === 0) return result(w, returned());
        return result(w, send(w, t, replyRing(f, peer), message, () => (set(w, t, { saved: w.tcb[t - 1].saved.map((p, i) => (i === call.slot ? 0 : p)) }), returned())));
      }
      // The thread's program ends.
      case 'Exit':
        set(w, t, { state: 'done' });
        return result(w, { kind: 'ended' });
    }
  };

  return defineDesign<UmpTcb, UmpObjects, UmpCall>({
    id: 'UMP',
    title: `Barrelfish UMP (M10)${flags.length > 0 ? ` [${flags.join(', ')}]` : ''}`,
    thread: (f) => {
      const n = maxN(f);
      const rings = 2 * f.objects.length * f.threads;
      return record({
        state: oneOf('running', 'sending', 'receiving', 'responding', 'done'),
        phase: oneOf('idle', 'publish', 'ack'),
        obj: int(0, f.objects.length),
        mr: int(0, Math.max(f.values - 1, 0)),
        peer: int(0, rings),
        saved: array(f.slots, int(0, rings)),
        buf: queue(2 * n, record({ ring: int(1, rings), value: int(0, Math.max(f.values - 1, 0)) })),
      });
    },
    objects: (f) => {
      const n = maxN(f);
      const seq = int(0, 4 * n - 1);
      const slot = record({ val: int(0, Math.max(f.values - 1, 0)), epoch: bool(), ack: seq });
      return record({ rings: array(2 * f.objects.length * f.threads, record({ slots: array(n, slot), sent: seq, ackId: seq, recvd: seq, lastAck: seq, ackWord: seq })), lost: bool() });
    },
    init: (f) => ({
      threads: Array.from({ length: f.threads }, () => ({ state: 'running' as const, phase: 'idle' as const, obj: 0, mr: 0, peer: 0, saved: Array.from({ length: f.slots }, () => 0), buf: [] })),
      objects: {
        rings: Array.from({ length: 2 * f.objects.length * f.threads }, () => ({ slots: Array.from({ length: maxN(f) }, () => ({ val: 0, epoch: false, ack: 0 })), sent: 0, ackId: 0, recvd: 0, lastAck: 0, ackWord: 0 })),
        lost: false,
      },
    }),
    operation: (op, _t, f) => {
      const obj = 'obj' in op ? f.objects.findIndex((o) => o.name === op.obj) : -1;
      const o = f.objects[obj];
      const channel = o?.kind === 'channel' && o.servers.length <= 2;
      const service = o?.kind === 'service' && o.servers.length === 1;
      switch (op.op) {
        case 'send':
          return channel ? { kind: 'Send', obj } : undefined;
        case 'receive':
          return channel ? { kind: 'Receive', obj } : undefined;
        case 'rpc':
          return service ? { kind: 'Rpc', obj } : undefined;
        case 'serve':
          return service ? { kind: 'Serve', obj } : undefined;
        case 'replyServe':
          return service ? { kind: 'ReplyServe', obj } : undefined;
        case 'reply':
          return { kind: 'Reply' };
        case 'save':
          return { kind: 'Save', slot: op.slot };
        case 'replySaved':
          return { kind: 'ReplySaved', slot: op.slot };
        case 'exit':
          return { kind: 'Exit' };
        default:
          return undefined;
      }
    },
    syscall,
    userLevel: (c) => c.kind !== 'Exit',
    runnable: (k, t) => k.threads[t - 1].state === 'running',
    // Asleep in a send waiting for can_send (the send continues when woken); a receive's sleep ends its call.
    midOperation: (k, t) => k.threads[t - 1].state === 'sending',
    ended: (k, t) => k.threads[t - 1].state === 'done',
    received: (k, t) => k.threads[t - 1].mr,
    memory: () => 0,
    invariants: (f) => [
      always('no message lost', (k: K) => !k.objects.lost),
      always('ring indices within bounds', (k: K) => k.objects.rings.every((g, r) => dist(f, r, g.sent, g.recvd) <= dist(f, r, g.sent, known(f, g, r)) && dist(f, r, g.sent, known(f, g, r)) <= N(f, r))),
    ],
    label: (c, f) => ('obj' in c ? `${c.kind}(${f.objects[c.obj].name})` : 'slot' in c ? `${c.kind}(${c.slot})` : c.kind),
  });
}
