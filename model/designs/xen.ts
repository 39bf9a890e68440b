/**
 * Xen event channels plus shared rings (spec card M9): one-way messages and RPCs go through rings
 * in pages the two domains map; the hypervisor only carries notifications (EVTCHNOP_send) and
 * puts domains to sleep (SCHEDOP_block).
 *
 * Sources: xen-project/xen `xen/include/public/io/ring.h` (RING_PUSH_…_AND_CHECK_NOTIFY,
 * RING_FINAL_CHECK_FOR_…, RING_FULL, "NO INTERLOCKS OR FLOW CONTROL"), `xen/common/event_2l.c`
 * (set_pending, unmask).
 *
 * Abstractions: a thread is a domain with one vCPU. Each thread has one ring port (pending and
 * mask bits; pending_sel/upcall_pending folded into it); each `event` object is a port of its
 * own. Rings are single-producer single-consumer, as in Xen: thread u's messages on object o go
 * in ring (o, u), consumed by the one server of o other than u; an RPC service has, per client,
 * a request ring and a response ring, as a split driver has per frontend (one backend: a service
 * or channel with more consumers is n/a). Ring indices are free-running modulo 4N (Xen's unsigned
 * RING_IDX arithmetic); capacity N is the object's `capacity`, else the option (default 2).
 * Every ring step is a user step of a library operation (`continues`): the producer writes the
 * slot, publishes `prod`, reads `event` to decide whether to notify, and notifies (a hypercall);
 * the consumer looks, re-arms `event = cons + 1`, checks again (the final check) and blocks,
 * which returns at once if its port is pending (unmask delivers it). A producer that finds the
 * ring full arms "notify me at the next take" (`prodEvent`), re-checks and blocks likewise. An
 * RPC client waits for its response the same way. A consumer's sleep ends its operation (so an
 * endless server asleep in it is at a valid end): the upcall that wakes it runs its handler in
 * the waking step, which takes the first message (a client's: its response, the reply event), or,
 * finding none, sleeps again at once (its re-check and re-block, merged). One port serves all of a
 * domain's rings and carries no sender, so any notification may wake a client whose response is
 * already in its ring (a middle server, by its own client's request): the reply event names the
 * response ring's producer, the service's server, not the notifier. A producer asleep for room
 * resumes its push after the wake-up. The notify hypercall runs as a phase of a user-level call,
 * so it does not trap (the framework's `userLevel` is per call); the blocking ones do.
 *
 * Invariants: 'no message lost' (no write lands on an unconsumed slot: a ghost bit), 'ring
 * indices within bounds' (0 ≤ prod − cons ≤ N) and INV-PORT (a domain asleep on its ring port has
 * it unmasked and not pending; a running one has it masked). The rings are user memory and the
 * port bits are per port: kernel memory 0.
 *
 * Seeded mutants (card M9): `noFinalCheck` (F1: a consumer re-arms and sleeps without checking
 * again: a lost wakeup), `overwrite` (F2: a producer ignores RING_FULL). F3 (coalescing) is a
 * workload on event objects.
 */
import { array, bool, int, oneOf, record } from '../core/shape/index.js';
import { always } from '../../properties/always.js';
import { defineDesign, type Frame, type KernelEvent, type KernelState, type Outcome, type SyscallResult } from './design.js';

const PHASES = ['idle', 'publish', 'check', 'notify', 'armRoom', 'recheckRoom', 'blockRoom', 'arm', 'final', 'sleep', 'notifyRoom', 'rcheck', 'rarm', 'rfinal', 'rsleep'] as const;
type Phase = (typeof PHASES)[number];

/**
 * A domain's state: running, asleep (on its ring port, or on event object `on − 1`) or done; the
 * library phase of its current ring operation and that operation's object plus one; its ring
 * port's bits; the value last received; the request being served (its request ring plus one, 0
 * for none) and the saved ones; the ring a take must still notify the producer of, plus one.
 *
 * @example
 * const t: XenTcb = { state: 'running', on: 0, phase: 'idle', obj: 0, pending: false, masked: true, mr: 0, peer: 0, saved: [], src: 0 };
 */
export interface XenTcb {
  readonly state: 'running' | 'blocked' | 'done';
  readonly on: number;
  readonly phase: Phase;
  readonly obj: number;
  readonly pending: boolean;
  readonly masked: boolean;
  readonly mr: number;
  readonly peer: number;
  readonly saved: readonly number[];
  readonly src: number;
}

/**
 * A ring in a shared page: slots, `prod`, `cons`, `event` (the consumer's req_event) and
 * `prodEvent` (the producer's "room" event), indices modulo 4N.
 *
 * @example
 * const r: XenRing = { slots: [0, 0], prod: 0, cons: 0, event: 1, prodEvent: 1 };
 */
export interface XenRing {
  readonly slots: readonly number[];
  readonly prod: number;
  readonly cons: number;
  readonly event: number;
  readonly prodEvent: number;
}

/**
 * The shared pages and ports: ring (o, u) at `o·T + u − 1`, response ring to client c of service
 * o at `(n + o)·T + c − 1`; a pending bit per event object; the ghost bit 'a message was lost'.
 *
 * @example
 * const o: XenObjects = { rings: [], ports: [false], lost: false };
 */
export interface XenObjects {
  readonly rings: readonly XenRing[];
  readonly ports: readonly boolean[];
  readonly lost: boolean;
}

/**
 * The calls: ring operations on object `obj`, event-channel calls, the saved-caller calls and exit.
 *
 * @example
 * const c: XenCall = { kind: 'Rpc', obj: 0 };
 */
export type XenCall =
  | { readonly kind: 'Send' | 'Receive' | 'Rpc' | 'Serve' | 'ReplyServe' | 'Signal' | 'Wait'; readonly obj: number }
  | { readonly kind: 'Save' | 'ReplySaved'; readonly slot: number }
  | { readonly kind: 'Reply' | 'Exit' };

/**
 * Options and seeded mutants of {@link xen}.
 *
 * @example
 * const f1: XenOptions = { noFinalCheck: true };
 */
export interface XenOptions {
  /** Ring slots N where the object sets no capacity; default 2. */
  readonly capacity?: number;
  readonly noFinalCheck?: boolean;
  readonly overwrite?: boolean;
}

type K = KernelState<XenTcb, XenObjects>;
const RUNNING: XenTcb = { state: 'running', on: 0, phase: 'idle', obj: 0, pending: false, masked: true, mr: 0, peer: 0, saved: [], src: 0 };

/**
 * The Xen design.
 *
 * @example
 * const m = compose(xen(), rpcPool.build(rpcPool.defaults));
 * const f1 = xen({ noFinalCheck: true });
 */
export function xen(options: XenOptions = {}) {
  const C = options.capacity ?? 2;
  if (!Number.isSafeInteger(C) || C < 1) throw new RangeError(`xen: capacity must be a whole number of at least 1, got ${C}`);
  const flags = (['noFinalCheck', 'overwrite'] as const).filter((o) => options[o]);
  const cap = (f: Frame, o: number) => f.objects[o].capacity ?? C;
  const ringOf = (f: Frame, o: number, u: number) => o * f.threads + u - 1;
  const rspOf = (f: Frame, o: number, c: number) => (f.objects.length + o) * f.threads + c - 1;
  const objOfRing = (f: Frame, r: number) => Math.floor(r / f.threads) % f.objects.length;
  /** The thread that consumes ring r: the client of a response ring, else the object's other server. */
  const consumer = (f: Frame, r: number) => (r >= f.objects.length * f.threads ? (r % f.threads) + 1 : (f.objects[objOfRing(f, r)].servers.find((s) => s !== (r % f.threads) + 1) ?? 0));
  /** The thread that produces response ring r: its service's one server. */
  const responder = (f: Frame, r: number) => f.objects[objOfRing(f, r)].servers[0];
  /** Ring r's capacity N: its object's. The slots array is as long as the largest ring's; a smaller ring leaves its tail at 0. */
  const N = (f: Frame, r: number) => cap(f, objOfRing(f, r));
  /** The slots every ring's array holds: the largest capacity of any object. */
  const slotsOf = (f: Frame) => Math.max(...f.objects.map((_, o) => cap(f, o)), 1);
  const W = (f: Frame, r: number) => 4 * N(f, r);
  const used = (f: Frame, g: XenRing, r: number) => (g.prod - g.cons + W(f, r)) % W(f, r);

  /** A working copy of the kernel during one step. */
  class Work {
    tcb: XenTcb[];
    rings: XenRing[];
    ports: boolean[];
    lost: boolean;
    woken: number[] = [];
    events: KernelEvent[] = [];
    constructor(k: K, readonly f: Frame) {
      this.tcb = k.threads.slice();
      this.rings = k.objects.rings.slice();
      this.ports = k.objects.ports.slice();
      this.lost = k.objects.lost;
    }
    set(t: number, change: Partial<XenTcb>) {
      this.tcb[t - 1] = { ...this.tcb[t - 1], ...change };
    }
    ring(r: number, change: Partial<XenRing>) {
      this.rings[r] = { ...this.rings[r], ...change };
    }
    result(outcome: Outcome): SyscallResult<K> {
      return { kernel: { threads: this.tcb, objects: { rings: this.rings, ports: this.ports, lost: this.lost } }, outcome, woken: this.woken, events: this.events };
    }
  }

  /** The rings t consumes on object o: a response ring for a client, else every other producer's ring. */
  const sources = (f: Frame, o: number, t: number, response: boolean) =>
    response ? [rspOf(f, o, t)] : Array.from({ length: f.threads }, (_, u) => u + 1).filter((u) => u !== t).map((u) => ringOf(f, o, u));
  const isService = (f: Frame, r: number) => f.objects[objOfRing(f, r)].kind === 'service';

  /** t takes the message at `cons` of ring r (the consumed slot is cleared: nobody reads it again); whether the producer waits for room. */
  function takeFrom(w: Work, t: number, r: number): { value: number; room: boolean } {
    const g = w.rings[r];
    const cons = (g.cons + 1) % W(w.f, r);
    w.ring(r, { cons, slots: g.slots.map((v, i) => (i === g.cons % N(w.f, r) ? 0 : v)) });
    const value = g.slots[g.cons % N(w.f, r)];
    const response = r >= w.f.objects.length * w.f.threads;
    if (!response) w.events.push({ kind: 'transfer', what: isService(w.f, r) ? 'request' : 'message', from: (r % w.f.threads) + 1, to: t, value });
    w.set(t, { mr: value, ...(!response && isService(w.f, r) ? { peer: r + 1 } : {}) });
    return { value, room: !response && !isService(w.f, r) && g.prodEvent === cons };
  }

  /**
   * set_pending on thread q's ring port (the port carries no sender). If already pending, the
   * signal coalesces; if q sleeps on it (unmasked), the upcall wakes q, whose handler masks the port
   * and clears pending: a producer waiting for room goes on writing; a consumer's handler takes the
   * first message (a client's: its response, the reply, from the service's server whoever
   * notified), or, finding none, sleeps again at once (its re-check and re-block, merged).
   * Otherwise the port becomes pending.
   */
  function setPending(w: Work, q: number): void {
    const x = w.tcb[q - 1];
    if (q === 0 || x.pending) return;
    if (x.state !== 'blocked' || x.on !== 0) return w.set(q, { pending: true });
    if (x.phase !== 'blockRoom') {
      const r = sources(w.f, x.obj - 1, q, x.phase === 'rsleep').find((i) => w.rings[i].prod !== w.rings[i].cons);
      if (r === undefined) return;
      const got = takeFrom(w, q, r);
      // The response's sender is its ring's producer, not the notifier: a middle server asleep for its own
      // call's response is woken by its client's request notification as well, and takes the response.
      if (x.phase === 'rsleep') w.events.push({ kind: 'transfer', what: 'reply', from: responder(w.f, r), to: q, value: got.value });
      if (got.room) setPending(w, (r % w.f.threads) + 1);
    }
    w.set(q, { state: 'running', masked: true, phase: 'idle', obj: 0 });
    w.woken.push(q);
  }

  /** SCHEDOP_block by t on its ring port, in phase `asleep`: a pending port returns at once (cleared) and t goes on at `again`; else t sleeps unmasked, its operation finished by the wake-up (`blocked`) or resumed after it (`continues`). */
  function block(w: Work, t: number, again: Phase, asleep: Phase, outcome: Outcome): Outcome {
    if (w.tcb[t - 1].pending) {
      w.set(t, { pending: false, phase: again });
      return { kind: 'continues' };
    }
    w.set(t, { state: 'blocked', on: 0, masked: false, phase: asleep });
    return outcome;
  }

  /** One step of t's push of `value` into ring r; `done` says what follows the last step. */
  function push(w: Work, t: number, r: number, phase: Phase, value: number, done: () => Outcome): Outcome {
    const g = w.rings[r];
    const next = (p: Phase): Outcome => (w.set(t, { phase: p }), { kind: 'continues' });
    switch (phase) {
      // Write the slot at prod, unless the ring is full (F2: the producer writes anyway).
      case 'idle':
        if (used(w.f, g, r) >= N(w.f, r) && !options.overwrite) return next('armRoom');
        if (used(w.f, g, r) >= N(w.f, r)) w.lost = true;
        w.ring(r, { slots: g.slots.map((v, i) => (i === g.prod % N(w.f, r) ? value : v)) });
        return next('publish');
      // Publish the new producer index.
      case 'publish':
        w.ring(r, { prod: (g.prod + 1) % W(w.f, r) });
        return next('check');
      // Notify iff the consumer's event is the index just published (new − event < new − old).
      case 'check':
        return g.event === g.prod ? next('notify') : done();
      // EVTCHNOP_send to the consumer's port.
      case 'notify':
        setPending(w, consumer(w.f, r));
        return done();
      // A full ring: ask to be notified at the next take.
      case 'armRoom':
        w.ring(r, { prodEvent: (g.cons + 1) % W(w.f, r) });
        return next('recheckRoom');
      // Check again: still full, sleep; else write.
      case 'recheckRoom':
        return next(used(w.f, g, r) >= N(w.f, r) ? 'blockRoom' : 'idle');
      // Sleep until the consumer notifies; the write follows the wake-up.
      case 'blockRoom':
        return block(w, t, 'idle', 'blockRoom', { kind: 'continues' });
      default:
        throw new Error(`xen: push has no phase ${phase}`);
    }
  }

  /** One step of t's take on object o (`response`: a client's wait for its response). */
  function take(w: Work, t: number, o: number, phase: Phase, response: boolean): Outcome {
    const next = (p: Phase): Outcome => (w.set(t, { phase: p, obj: o + 1 }), { kind: 'continues' });
    const end = (): Outcome => (w.set(t, { phase: 'idle', obj: 0 }), { kind: 'returned' });
    const rs = sources(w.f, o, t, response);
    const first = rs.find((r) => w.rings[r].prod !== w.rings[r].cons);
    switch (phase) {
      // Look: take the first unconsumed message and notify its producer if it waits for room; none, re-arm.
      case 'idle':
      case 'rcheck': {
        if (first === undefined) return next(response ? 'rarm' : 'arm');
        const got = takeFrom(w, t, first);
        // A response the client finds while it runs: the kernel delivered nothing, so the call ends without a checked reply.
        if (response) w.events.push({ kind: 'error', thread: t, label: 'response polled from the ring' });
        if (!got.room) return end();
        w.set(t, { src: first + 1 });
        return next('notifyRoom');
      }
      // EVTCHNOP_send to the producer of the ring just taken from.
      case 'notifyRoom':
        setPending(w, ((w.tcb[t - 1].src - 1) % w.f.threads) + 1);
        w.set(t, { src: 0 });
        return end();
      // Re-arm: event = cons + 1 on every ring (F1: then sleep without checking again).
      case 'arm':
      case 'rarm':
        for (const r of rs) w.ring(r, { event: (w.rings[r].cons + 1) % W(w.f, r) });
        return next(options.noFinalCheck ? (response ? 'rsleep' : 'sleep') : response ? 'rfinal' : 'final');
      // The final check: a message arrived meanwhile, take it; else sleep.
      case 'final':
      case 'rfinal':
        return next(first === undefined ? (response ? 'rsleep' : 'sleep') : response ? 'rcheck' : 'idle');
      // SCHEDOP_block: the wake-up takes the message and ends the operation.
      case 'sleep':
      case 'rsleep':
        return block(w, t, response ? 'rcheck' : 'idle', phase, { kind: 'blocked', on: response ? 'response' : `ring ${w.f.objects[o].name}` });
      default:
        throw new Error(`xen: take has no phase ${phase}`);
    }
  }

  const PUSH = new Set<Phase>(['idle', 'publish', 'check', 'notify', 'armRoom', 'recheckRoom', 'blockRoom']);
  /** The response ring of the request in `peer` (as `take` left it: 1 + its request ring). */
  const replyRing = (f: Frame, peer: number) => rspOf(f, objOfRing(f, peer - 1), ((peer - 1) % f.threads) + 1);

  const syscall = (k: K, t: number, call: XenCall, message: number, f: Frame): SyscallResult<K> => {
    const w = new Work(k, f);
    const me = w.tcb[t - 1];
    const done = (): Outcome => (w.set(t, { phase: 'idle' }), { kind: 'returned' });
    switch (call.kind) {
      // Send: push the message into the thread's ring of the channel.
      case 'Send':
        return w.result(push(w, t, ringOf(f, call.obj, t), me.phase, message, done));
      // Receive and Serve: take from the producers' rings; a served request is remembered for the reply.
      case 'Receive':
      case 'Serve':
        return w.result(take(w, t, call.obj, me.phase, false));
      // Rpc: push the request into the client's request ring, then wait for the response ring.
      case 'Rpc':
        if (PUSH.has(me.phase)) return w.result(push(w, t, ringOf(f, call.obj, t), me.phase, message, () => (w.set(t, { phase: 'rcheck', obj: call.obj + 1 }), { kind: 'continues' })));
        return w.result(take(w, t, call.obj, me.phase, true));
      // Reply: push the response into the served client's response ring; nothing to answer, nothing happens.
      case 'Reply':
        if (me.peer === 0) return w.result({ kind: 'returned' });
        return w.result(push(w, t, replyRing(f, me.peer), me.phase, message, () => (w.set(t, { phase: 'idle', peer: 0 }), { kind: 'returned' })));
      // ReplyServe: Reply, then Serve.
      case 'ReplyServe':
        if (me.peer !== 0 && PUSH.has(me.phase)) return w.result(push(w, t, replyRing(f, me.peer), me.phase, message, () => (w.set(t, { phase: 'idle', peer: 0 }), { kind: 'continues' })));
        return w.result(take(w, t, call.obj, me.phase, false));
      // Save keeps the request being served in a slot; ReplySaved answers it as Reply does.
      case 'Save':
        w.set(t, { peer: 0, saved: me.saved.map((p, i) => (i === call.slot ? me.peer : p)) });
        return w.result({ kind: 'returned' });
      case 'ReplySaved': {
        const peer = me.saved[call.slot];
        if (peer === 0) return w.result({ kind: 'returned' });
        return w.result(push(w, t, replyRing(f, peer), me.phase, message, () => (w.set(t, { phase: 'idle', saved: me.saved.map((p, i) => (i === call.slot ? 0 : p)) }), { kind: 'returned' })));
      }
      // Signal: EVTCHNOP_send on the event's port: coalesces if pending, wakes a sleeper, else sets pending.
      case 'Signal': {
        const sleeper = w.tcb.findIndex((x) => x.state === 'blocked' && x.on === call.obj + 1) + 1;
        if (w.ports[call.obj]) return w.result({ kind: 'returned' });
        if (sleeper === 0) w.ports[call.obj] = true;
        else {
          w.set(sleeper, { state: 'running', on: 0 });
          w.woken.push(sleeper);
          w.events.push({ kind: 'transfer', what: 'signal', from: t, to: sleeper, value: 0 });
        }
        return w.result({ kind: 'returned' });
      }
      // Wait: SCHEDOP_poll on the event's port: a pending port is cleared and returns; else sleep on it.
      case 'Wait':
        if (w.ports[call.obj]) {
          w.ports[call.obj] = false;
          return w.result({ kind: 'returned' });
        }
        w.set(t, { state: 'blocked', on: call.obj + 1 });
        return w.result({ kind: 'blocked', on: `port ${f.objects[call.obj].name}` });
      // The domain's program ends.
      case 'Exit':
        w.set(t, { state: 'done' });
        return w.result({ kind: 'ended' });
    }
  };

  return defineDesign<XenTcb, XenObjects, XenCall>({
    id: 'Xen',
    title: `Xen event channels and shared rings (M9)${flags.length > 0 ? ` [${flags.join(', ')}]` : ''}`,
    thread: (f) =>
      record({
        state: oneOf('running', 'blocked', 'done'),
        on: int(0, f.objects.length),
        phase: oneOf(...PHASES),
        obj: int(0, f.objects.length),
        pending: bool(),
        masked: bool(),
        mr: int(0, Math.max(f.values - 1, 0)),
        peer: int(0, 2 * f.objects.length * f.threads),
        saved: array(f.slots, int(0, 2 * f.objects.length * f.threads)),
        src: int(0, 2 * f.objects.length * f.threads),
      }),
    objects: (f) => {
      const n = slotsOf(f);
      const ring = record({ slots: array(n, int(0, Math.max(f.values - 1, 0))), prod: int(0, 4 * n - 1), cons: int(0, 4 * n - 1), event: int(0, 4 * n - 1), prodEvent: int(0, 4 * n - 1) });
      return record({ rings: array(2 * f.objects.length * f.threads, ring), ports: array(f.objects.length, bool()), lost: bool() });
    },
    init: (f) => ({
      threads: Array.from({ length: f.threads }, () => ({ ...RUNNING, saved: Array.from({ length: f.slots }, () => 0) })),
      objects: {
        rings: Array.from({ length: 2 * f.objects.length * f.threads }, () => ({ slots: Array.from({ length: slotsOf(f) }, () => 0), prod: 0, cons: 0, event: 1, prodEvent: 1 })),
        ports: f.objects.map(() => false),
        lost: false,
      },
    }),
    operation: (op, _t, f) => {
      const obj = 'obj' in op ? f.objects.findIndex((o) => o.name === op.obj) : -1;
      const o = f.objects[obj];
      const rings = o !== undefined && o.kind !== 'event';
      const oneConsumer = o !== undefined && (o.servers.length <= 1 || (o.servers.length === 2 && o.kind === 'channel'));
      switch (op.op) {
        case 'send':
          return rings && oneConsumer ? { kind: 'Send', obj } : undefined;
        case 'receive':
          return rings && oneConsumer ? { kind: 'Receive', obj } : undefined;
        case 'rpc':
        case 'serve':
        case 'replyServe':
          return rings && o.servers.length === 1 ? { kind: op.op === 'rpc' ? 'Rpc' : op.op === 'serve' ? 'Serve' : 'ReplyServe', obj } : undefined;
        case 'reply':
          return { kind: 'Reply' };
        case 'save':
          return { kind: 'Save', slot: op.slot };
        case 'replySaved':
          return { kind: 'ReplySaved', slot: op.slot };
        case 'signal':
        case 'wait':
          return o?.kind === 'event' ? { kind: op.op === 'signal' ? 'Signal' : 'Wait', obj } : undefined;
        case 'exit':
          return { kind: 'Exit' };
        default:
          return undefined;
      }
    },
    syscall,
    userLevel: (c) => c.kind !== 'Signal' && c.kind !== 'Wait' && c.kind !== 'Exit',
    runnable: (k, t) => k.threads[t - 1].state === 'running',
    // Asleep in a push waiting for room (the write follows the wake-up); a take's sleep ends its call.
    midOperation: (k, t) => k.threads[t - 1].state === 'blocked' && k.threads[t - 1].on === 0 && k.threads[t - 1].phase === 'blockRoom',
    ended: (k, t) => k.threads[t - 1].state === 'done',
    received: (k, t) => k.threads[t - 1].mr,
    memory: () => 0,
    invariants: (f) => [
      always('no message lost', (k: K) => !k.objects.lost),
      always('ring indices within bounds', (k: K) => k.objects.rings.every((g, r) => used(f, g, r) <= N(f, r))),
      always('INV-PORT', (k: K) => k.threads.every((x) => (x.state === 'blocked' && x.on === 0 ? !x.masked && !x.pending : x.masked))),
    ],
    label: (c, f) => ('obj' in c ? `${c.kind}(${f.objects[c.obj].name})` : 'slot' in c ? `${c.kind}(${c.slot})` : c.kind),
  });
}
