/**
 * Singularity channels (spec card M12): processes share nothing but the exchange heap, and talk
 * only over channels, each two endpoints in the exchange heap whose message slots are fixed at
 * `NewChannel` by the channel's contract (`./contract.ts`). A send never blocks, never allocates
 * and succeeds even if the peer is closed; a receive is a `switch receive` over endpoints with a
 * ChannelClosed case; ownership of the exchange-heap block a message carries moves with it.
 *
 * Sources (lastweek/source-singularity@d37047d): `docs/Papers/2006_EuroSys_LanguageSupportForFastCommunication.pdf`
 * (§2.4–2.6, §4), `docs/Design Notes/SDN5 Channel Contracts.pdf`, `docs/Technical Reports/Singularity Overview TR.pdf`
 * (§4.1), `base/Kernel/SingSharp.Runtime/Endpoint.sg`, `base/Kernel/Singularity/Channels/{EndpointCore.cs,
 * SingleAddrSpaceDelivery.cs, ChannelClosedException.cs}`, `base/Contracts/Io.Net.Contracts/NicDeviceEventContract.sg`.
 *
 * Channels and contracts. Each thread is a process of one thread. Every channel exists at boot
 * (the `NewChannel` calls of setting up, the only allocation on the channel path, are not steps).
 * A service object has one channel per client, typed by the RPC contract `Start: Req? -> (Reply!
 * or Error!) -> Start` (the server exports, K = 1). A one-way channel object has one channel per
 * sender, typed by `NicDeviceEventContract` (`READY: NicDeviceEvent! -> AckNicDeviceEvent? ->
 * READY`, the producer exports, K = 1): a credit of one, the consumer's Ack returned when it comes
 * back for the next event (as a driver sends the next event only once the stack acknowledged the
 * last). The one-way contract is an option: a user's own `defineContract` contract runs as well
 * (`stream: { contract, data }`), checked by the same cycle rule.
 *
 * Operations. The workload's operations are the library code Sing# makes one write around the
 * contract: `send` first receives a credit (an Ack, or the reply of an earlier request) the
 * contract demands, then sends; `receive` first sends the Ack it owes, then waits; `rpc` sends
 * `Req` and waits for `Reply`.
 *
 * Switch receive. Each wait is a `switch receive` whose rows are the endpoints the thread owns on
 * that object in a state that can receive the awaited message (in channel order: the first match
 * wins, as rows are scanned), plus their ChannelClosed rows (a server deletes a client's closed
 * endpoint; a caller's call ends with ChannelClosed) and the `unsatisfiable` row, which ends a
 * thread when no row is possible (its loop is over: it exits, closing its endpoints). While some
 * row is possible the thread waits. The event wait and rescan are merged into the step that
 * delivers (the peer's send or close), as nothing but the owner can take from an endpoint. The
 * first-match scan orders clients by thread id, so the framework's symmetry reduction finds no
 * interchangeable clients.
 *
 * Blocks and endpoints. Every workload message carries one exchange-heap block; its owner PID is
 * set to the receiving endpoint's owner at send. A thread's exit closes its endpoints and frees
 * the blocks whose owner PID names it (the background cleanup, merged into the exit). Sending an
 * endpoint is a native call in two phases (the owner PIDs of the blocks in its slots are set to
 * the new owner, then the endpoint is handed over; the channel that carries it is abstracted
 * away), so a send may fall between them, as EuroSys §2.6's race needs.
 *
 * Not expressible: `capacity` of a workload object is ignored (the contract fixes the slots);
 * events and page faults (software isolation has no user-level fault handlers); a pool of threads
 * serving one service and a channel whose ends both send and receive (an endpoint belongs to one
 * thread; a two-way stream with no acknowledgement has no well-formed contract); a server's
 * one-way `receive` on an RPC channel.
 *
 * Properties (card M12 HOLD): KM (kernel memory is the messages queued beyond the slots fixed at
 * `NewChannel`: 0 with well-formed contracts; F1's mutant fails it); 'Q-BOUND' (each endpoint
 * holds at most its K(C, dir) slots; F1's mutant fails it); 'OWN' (no block an open endpoint
 * holds has been freed; F5 fails it); 'no thread dies of an exception' (F4 fails it); RC is the
 * framework's reply correctness. Three hold by construction, each a restatement of a guard of the
 * model, kept as checks of the model against the card, not of Singularity: 'CONF' (each
 * channel's queued messages replay from the receiver's protocol state to the sender's: a send
 * the contract forbids is a model error, "can't send M in state", before it is queued);
 * 'FIFO-then-close' (an endpoint deleted on ChannelClosed held no message: the ChannelClosed row
 * matches only an empty queue); 'senders never block' (in every step, Send and Call included, a
 * thread that starts waiting for its send's credit is in a contract state that lets it send
 * nothing of its message: a send the contract allows is made in its step, and a reply never
 * waits).
 *
 * Seeded variants (card M12 FAIL): `stream` 'dataStop' or 'xonXoff' (F1: the one-way contract
 * is F1's `S: one { Data? -> S; Stop? -> End; }` or SDN5's StreamXonXoff: rejected by
 * {@link checkContract} when the design is made, before any search), with `checkContracts: false`
 * (F1's mutant: the endpoint gets the slots of the loop taken once, and the queue grows past them);
 * `closedCase: false` (F4: switch receives without ChannelClosed or unsatisfiable rows; a closed
 * peer's row is no longer possible, and when no row is, the switch throws, the thread dies, and
 * its death closes its endpoints); `replyTimeout` (F3: a caller's switch has a timeout row);
 * `moveRule: false` (F5: an endpoint may move in a state where it can receive a block). F2
 * (cross-channel deadlock) and F3 (a server that never replies) are workloads.
 */
import { array, bool, int, oneOf, queue, record } from '../core/shape/index.js';
import { perThread, threadId } from '../core/shape/roles.js';
import { always } from '../../properties/always.js';
import { bound, checkContract, DATA_STOP, naiveBound, NIC_DEVICE_EVENT, RPC, XON_XOFF, stepsFrom, states, type Contract, type Direction } from './contract.js';
import { ModelDefinitionError } from '../core/definitionError.js';
import { defineDesign, type Frame, type KernelEvent, type KernelState, type Outcome, type SyscallResult } from './design.js';

/**
 * A message in an endpoint's slots: its tag (the index of its name in the protocol's messages),
 * its value, and the header of the exchange-heap block it carries (owner PID, freed).
 *
 * @example
 * const m: SingMessage = { tag: 0, value: 1, owner: 3, freed: false };
 */
export interface SingMessage { readonly tag: number; readonly value: number; readonly owner: number; readonly freed: boolean }

/**
 * An endpoint: its owner, its protocol state (an index into the contract's states), whether it is
 * closed, the thread it is being sent to (0: not moving), the slots fixed at NewChannel (K(C, dir)
 * of what the peer sends) and the messages sent to it.
 *
 * @example
 * const e: SingEndpoint = { owner: 1, state: 0, closed: false, moving: 0, slots: 1, queue: [] };
 */
export interface SingEndpoint { readonly owner: number; readonly state: number; readonly closed: boolean; readonly moving: number; readonly slots: number; readonly queue: readonly SingMessage[] }

/**
 * A channel: `ends[0]` is the client's or producer's endpoint, `ends[1]` the server's or consumer's.
 *
 * @example
 * const c: SingChannel = { ends: [e1, e2] };
 */
export interface SingChannel { readonly ends: readonly SingEndpoint[] }

/**
 * The channels: `chans[o][u − 1]` is the channel of object o whose client or producer is thread u
 * (unused where u does not send to o).
 *
 * @example
 * const o: SingObjects = { chans: [[c1, c2, unused]] };
 */
export interface SingObjects { readonly chans: readonly (readonly SingChannel[])[] }

/**
 * A thread: running, waiting in a `switch receive` (for what, on which object plus one, whether a
 * timeout row can fire, whether the wait is the second half of an `rpc`), ended (`done`) or killed
 * by an exception (`dead`); its message register; the client it serves on object `servingObj`
 * (thread id, 0 for none) and the ones it saved; the phase of an endpoint move.
 *
 * @example
 * const t: SingThread = { state: 'running', wait: 'none', on: 0, timer: false, call: false, mr: 0, servingObj: 0, serving: 0, saved: [], phase: 0 };
 */
export interface SingThread {
  readonly state: 'running' | 'waiting' | 'done' | 'dead';
  readonly wait: Wait;
  readonly on: number;
  readonly timer: boolean;
  readonly call: boolean;
  readonly mr: number;
  readonly servingObj: number;
  readonly serving: number;
  readonly saved: readonly { readonly obj: number; readonly client: number }[];
  readonly phase: number;
}

/** What a waiting thread's switch receive waits for. */
type Wait = 'none' | 'reply' | 'request' | 'data' | 'credit' | 'endpoint';
const WAITS = ['none', 'reply', 'request', 'data', 'credit', 'endpoint'] as const;

/**
 * The calls: the operations on object `obj` (`Call` = Send of Req then the reply's switch
 * receive; `ReceiveReply` the second half alone), the replies, exit, and the native endpoint
 * transfer (`MoveEndpoint`: send the consumer endpoint of `obj` to thread `to`; `AcceptEndpoint`:
 * wait for one).
 *
 * @example
 * const c: SingCall = { kind: 'Call', obj: 0 };
 */
export type SingCall =
  | { readonly kind: 'Call' | 'Send' | 'Serve' | 'ReplyServe' | 'Receive' | 'ReceiveReply' | 'AcceptEndpoint'; readonly obj: number }
  | { readonly kind: 'MoveEndpoint'; readonly obj: number; readonly to: number }
  | { readonly kind: 'Save' | 'ReplySaved'; readonly slot: number }
  | { readonly kind: 'Reply' | 'Exit' };

/**
 * Options and seeded variants of {@link singularity} (see the module comment).
 *
 * @example
 * const f4: SingularityOptions = { closedCase: false };
 */
export interface SingularityOptions {
  /**
   * The contract of one-way channels: NicDeviceEventContract (the default), card F1's DataStop or
   * SDN5's StreamXonXoff (both ill-formed), or a contract of your own with the message a producer
   * sends (`{ contract: defineContract(…), data: 'Ev' }`). It is checked like the others.
   */
  readonly stream?: 'nicDeviceEvent' | 'dataStop' | 'xonXoff' | UserStream;
  /** Whether the cycle rule is checked when the design is made (default true; false is F1's mutant: the slots of the loop taken once). */
  readonly checkContracts?: boolean;
  /** Whether switch receives have ChannelClosed and unsatisfiable rows (default true; false is F4). */
  readonly closedCase?: boolean;
  /** Whether a caller's switch has a timeout row (F3's remedy; default false). */
  readonly replyTimeout?: boolean;
  /** Whether an endpoint may move only in a state without pointer receives (default true; false is F5). */
  readonly moveRule?: boolean;
  /** Slots in the state encoding where no K bounds a queue (F1's mutant); default 8. */
  readonly room?: number;
}

/**
 * A one-way contract of the user's: the contract and the message its producer sends (the other
 * messages are the consumer's acknowledgements, which carry no block).
 *
 * @example
 * const tick: UserStream = { contract: defineContract('Tick', 'Idle', [['Idle', 'Tick!', 'Busy'], ['Busy', 'Done?', 'Idle']]), data: 'Tick' };
 */
export interface UserStream {
  readonly contract: Contract;
  readonly data: string;
}

/**
 * A channel protocol: its contract, the message a client or producer sends, an RPC's answers, and
 * what follows from the contract: its message names (tags index them), its state names (endpoint
 * states index them) and whether side 0 (the client or producer) is the exporter.
 */
interface Protocol {
  readonly contract: Contract;
  readonly data: string;
  readonly answers: readonly string[];
  readonly messages: readonly string[];
  readonly states: readonly string[];
  readonly producerExports: boolean;
}

/** The protocol of `contract` whose client or producer sends `data`. */
function protocol(contract: Contract, data: string, answers: readonly string[]): Protocol {
  const messages = [...new Set(contract.steps.map((s) => s.message))];
  return { contract, data, answers, messages, states: states(contract), producerExports: contract.steps.find((s) => s.message === data)?.dir === 'out' };
}

type K = KernelState<SingThread, SingObjects>;
const RUNNING: SingThread = { state: 'running', wait: 'none', on: 0, timer: false, call: false, mr: 0, servingObj: 0, serving: 0, saved: [], phase: 0 };
const STREAMS = { nicDeviceEvent: { contract: NIC_DEVICE_EVENT, data: 'NicDeviceEvent' }, dataStop: { contract: DATA_STOP, data: 'Data' }, xonXoff: { contract: XON_XOFF, data: 'Request' } } as const;

/**
 * The Singularity design.
 *
 * @example
 * const m = compose(singularity(), rpcPool.build(rpcPool.defaults));
 * singularity({ stream: 'dataStop' }); // throws ContractError: contract DataStop is ill-formed …
 */
export function singularity(options: SingularityOptions = {}) {
  const { stream = 'nicDeviceEvent', checkContracts = true, closedCase = true, replyTimeout = false, moveRule = true, room = 8 } = options;
  const rpc = protocol(RPC, 'Req', ['Reply', 'Error']);
  const given = typeof stream === 'string' ? STREAMS[stream] : stream;
  if (!given.contract.steps.some((s) => s.message === given.data)) throw new ModelDefinitionError(`singularity: contract ${given.contract.name} has no message ${given.data} for a producer to send`);
  const oneWay = protocol(given.contract, given.data, []);
  // The cycle rule, checked when the design is made: before any model is built or searched.
  if (checkContracts) for (const p of [rpc, oneWay]) checkContract(p.contract);
  const flags = [stream === 'nicDeviceEvent' ? '' : `stream ${given.contract.name}`, checkContracts ? '' : 'contracts unchecked', closedCase ? '' : 'no ChannelClosed case', replyTimeout ? 'reply timeout' : '', moveRule ? '' : 'endpoints move in any state'];
  const variant = flags.filter((x) => x !== '').join(', ');

  const protocolOf = (f: Frame, o: number) => (f.objects[o].kind === 'service' ? rpc : oneWay);
  const names = (p: Protocol) => p.messages;
  const stateNames = (p: Protocol) => p.states;
  /** The direction, from the exporter's side, of what side `x` sends. */
  const sendDir = (p: Protocol, x: number): Direction => ((x === 0) === p.producerExports ? 'out' : 'in');
  /** The slots fixed at NewChannel for side x's endpoint (what the other side sends), and the room the encoding gives it. */
  const slots = (p: Protocol, x: number) => (checkContracts ? bound : naiveBound)(p.contract, sendDir(p, 1 - x));
  const roomOf = (p: Protocol, x: number) => (Number.isFinite(bound(p.contract, sendDir(p, 1 - x))) ? bound(p.contract, sendDir(p, 1 - x)) : room);
  const rooms = new Map([rpc, oneWay].map((p) => [p, [roomOf(p, 0), roomOf(p, 1)]] as const));
  const roomFor = (p: Protocol, x: number) => rooms.get(p)![x];
  const used = (f: Frame, o: number, u: number) => f.objects[o].senders.includes(u) && (f.objects[o].kind === 'service' || f.objects[o].kind === 'channel');
  /** Whether message m carries an exchange-heap block (the workload's messages; acknowledgements carry none). */
  const carries = (p: Protocol, m: string) => m === p.data || p.answers.includes(m);

  /** A working copy of the kernel during one step, and what the step shows. */
  class Work {
    th: SingThread[];
    chans: SingChannel[][];
    woken: number[] = [];
    events: KernelEvent[] = [];
    /** The thread whose system call this is (0 for a timeout): its own switch receive goes on scanning after a delivery it caused. */
    constructor(k: K, readonly f: Frame, readonly self = 0) {
      this.th = k.threads.slice();
      this.chans = k.objects.chans.map((cs) => cs.slice());
    }
    set = (t: number, change: Partial<SingThread>) => void (this.th[t - 1] = { ...this.th[t - 1], ...change });
    end = (o: number, u: number, x: number) => this.chans[o][u - 1].ends[x];
    setEnd(o: number, u: number, x: number, change: Partial<SingEndpoint>) {
      const ends = this.chans[o][u - 1].ends.slice();
      ends[x] = { ...ends[x], ...change };
      this.chans[o][u - 1] = { ends };
    }
    note = (t: number, label: string) => void this.events.push({ kind: 'note', thread: t, label });
    fail = (t: number, label: string) => void this.events.push({ kind: 'error', thread: t, label });
    result(outcome: Outcome): SyscallResult<K> {
      return { kernel: { threads: this.th, objects: { chans: this.chans } }, outcome, woken: this.woken, events: this.events };
    }
  }

  /** The contract step side x of channel (o, u) may take with message m in its direction `dir` (send: its own; receive: the peer's). */
  function stepOf(w: Work, o: number, u: number, x: number, m: string, sending: boolean) {
    const p = protocolOf(w.f, o);
    const dir = sendDir(p, sending ? x : 1 - x);
    return stepsFrom(p.contract, stateNames(p)[w.end(o, u, x).state]).find((s) => s.message === m && s.dir === dir);
  }

  /** What side x of channel (o, u) may do in its protocol state: the messages it may send and receive. */
  function allowed(w: Work, o: number, u: number, x: number) {
    const p = protocolOf(w.f, o);
    const here = stepsFrom(p.contract, stateNames(p)[w.end(o, u, x).state]);
    return { sends: here.filter((s) => s.dir === sendDir(p, x)).map((s) => s.message), receives: here.filter((s) => s.dir !== sendDir(p, x)).map((s) => s.message) };
  }

  /**
   * `ep.SendM(value)` by side x of channel (o, u): allowed only where the contract permits M (the
   * run-time check "can't send M in state"); the block goes into the peer's next slot with the
   * peer's owner as its owner PID, the sender's state advances, and the peer's owner rescans. It
   * never blocks, never allocates, and succeeds even if the peer is closed.
   */
  function sendMessage(w: Work, o: number, u: number, x: number, m: string, value: number): void {
    const p = protocolOf(w.f, o);
    const step = stepOf(w, o, u, x, m, true);
    if (step === undefined) throw new Error(`singularity: can't send ${m} in state ${stateNames(p)[w.end(o, u, x).state]} of contract ${p.contract.name}`);
    const peer = w.end(o, u, 1 - x);
    if (peer.queue.length >= roomFor(p, 1 - x)) throw new Error(`singularity: endpoint of ${w.f.objects[o].name} has no room past ${roomFor(p, 1 - x)} messages in the state encoding (raise room)`);
    w.setEnd(o, u, x, { state: stateNames(p).indexOf(step.to) });
    w.setEnd(o, u, 1 - x, { queue: [...peer.queue, { tag: names(p).indexOf(m), value, owner: peer.owner, freed: false }] });
    rescan(w, peer.owner);
  }

  /** Side x of channel (o, u) takes the message at the head of its slots; its state advances. */
  function takeHead(w: Work, o: number, u: number, x: number): { readonly name: string; readonly value: number } {
    const p = protocolOf(w.f, o);
    const [head, ...rest] = w.end(o, u, x).queue;
    const name = names(p)[head.tag];
    const step = stepOf(w, o, u, x, name, false)!;
    w.setEnd(o, u, x, { queue: rest, state: stateNames(p).indexOf(step.to) });
    return { name, value: head.value };
  }

  /** A row `case ep.M()` matches: the head of side x's slots is a message its state may receive among `wanted`. */
  function matches(w: Work, o: number, u: number, x: number, wanted: readonly string[]): boolean {
    const head = w.end(o, u, x).queue[0];
    return head !== undefined && wanted.includes(names(protocolOf(w.f, o))[head.tag]) && stepOf(w, o, u, x, names(protocolOf(w.f, o))[head.tag], false) !== undefined;
  }

  /** `case ep.ChannelClosed()` matches: the peer is closed and no message remains. */
  const closedRow = (w: Work, o: number, u: number, x: number) => w.end(o, u, 1 - x).closed && w.end(o, u, x).queue.length === 0;

  /**
   * A switch receive with neither a ChannelClosed nor an unsatisfiable row found no row possible
   * (F4): "Unsatisfiable switch receive" is thrown, and uncaught it kills the thread.
   */
  function die(w: Work, t: number): 'ended' {
    w.fail(t, 'exception: Unsatisfiable switch receive');
    close(w, t, 'dead');
    return 'ended';
  }

  /** Thread t ends (exit, or `dead` by an exception): its endpoints close, the cleanup frees its blocks, and the peers' owners rescan. */
  function close(w: Work, t: number, state: 'done' | 'dead'): void {
    w.set(t, { state, wait: 'none', on: 0, timer: false, call: false, servingObj: 0, serving: 0 });
    const peers = closeEndpoints(w, t);
    freeBlocks(w, t);
    for (const q of peers) rescan(w, q);
  }

  /** Every open endpoint t owns (and is not sending away) is closed; the owners of their peers are returned. */
  function closeEndpoints(w: Work, t: number): number[] {
    const peers: number[] = [];
    w.chans.forEach((cs, o) =>
      cs.forEach((c, i) =>
        c.ends.forEach((e, x) => {
          if (e.owner !== t || e.moving !== 0 || e.closed) return;
          w.setEnd(o, i + 1, x, { closed: true });
          peers.push(c.ends[1 - x].owner);
        }),
      ),
    );
    return peers;
  }

  /** The background cleanup: every queued block whose owner PID names t is freed, wherever it is. */
  function freeBlocks(w: Work, t: number): void {
    w.chans.forEach((cs, o) =>
      cs.forEach((c, i) =>
        c.ends.forEach((e, x) => {
          if (e.queue.some((m) => m.owner === t)) w.setEnd(o, i + 1, x, { queue: e.queue.map((m) => (m.owner === t ? { ...m, freed: true } : m)) });
        }),
      ),
    );
  }

  type Step = 'done' | 'waiting' | 'ended';

  /** The credit a send needs: side 0 of (o, t) receives what its contract demands before it may send its message; ChannelClosed drops the message. */
  function credit(w: Work, t: number, o: number): Step {
    const p = protocolOf(w.f, o);
    for (;;) {
      if (stepOf(w, o, t, 0, p.data, true) !== undefined) return 'done';
      const can = allowed(w, o, t, 0);
      if (can.sends.length > 0 || can.receives.length === 0) throw new Error(`singularity: can't send ${p.data} in state ${stateNames(p)[w.end(o, t, 0).state]} of contract ${p.contract.name}`);
      if (matches(w, o, t, 0, can.receives)) {
        const got = takeHead(w, o, t, 0);
        if (carries(p, got.name)) w.note(t, `stale ${got.name} discarded`);
        continue;
      }
      if (!closedRow(w, o, t, 0)) return 'waiting';
      if (!closedCase) return die(w, t);
      w.fail(t, `ChannelClosed: ${p.data} not sent`);
      return 'ended';
    }
  }

  /** Send (and the first half of Call) by t on o: the credit, then the message; 'ended' here means the send was dropped. */
  function send(w: Work, t: number, o: number): Step {
    const got = credit(w, t, o);
    if (got !== 'done') return got;
    sendMessage(w, o, t, 0, protocolOf(w.f, o).data, w.th[t - 1].mr);
    return 'done';
  }

  /** The caller's switch receive: `case Reply(x)`, `case Error()`, `case ChannelClosed()`, and `timeout` where it has one. */
  function awaitReply(w: Work, t: number, o: number): Step {
    if (matches(w, o, t, 0, rpc.answers)) {
      const server = w.end(o, t, 1).owner;
      const got = takeHead(w, o, t, 0);
      w.set(t, { mr: got.value });
      if (got.name === 'Reply') w.events.push({ kind: 'transfer', what: 'reply', from: server, to: t, value: got.value });
      else w.fail(t, 'Error');
      return 'done';
    }
    if (!closedRow(w, o, t, 0)) return 'waiting';
    if (!closedCase) return die(w, t);
    w.fail(t, 'ChannelClosed');
    return 'done';
  }

  /** The rows of t's switch over its endpoints on o as consumer: those it owns, not moving or closed, whose state may receive `m`. */
  const rows = (w: Work, t: number, o: number, m: string) =>
    Array.from({ length: w.f.threads }, (_, i) => i + 1).filter((u) => used(w.f, o, u) && w.end(o, u, 1).owner === t && w.end(o, u, 1).moving === 0 && !w.end(o, u, 1).closed && stepOf(w, o, u, 1, m, false) !== undefined);

  /**
   * A server's or consumer's switch receive over its endpoints on o for message `m`: a closed
   * client's endpoint is deleted (its ChannelClosed row), or without that row (F4) its `case
   * ep.m()` row is no longer possible; the first row whose head is `m` is taken; while some row is
   * possible it waits; with none, the unsatisfiable row ends the thread (F4: it throws).
   */
  function scan(w: Work, t: number, o: number): Step {
    const p = protocolOf(w.f, o);
    if (closedCase) for (const u of rows(w, t, o, p.data).filter((v) => closedRow(w, o, v, 1))) deleteEndpoint(w, t, o, u);
    const live = rows(w, t, o, p.data).filter((v) => !closedRow(w, o, v, 1));
    const u = live.find((v) => matches(w, o, v, 1, [p.data]));
    if (u !== undefined) {
      const got = takeHead(w, o, u, 1);
      const isRpc = p === rpc;
      w.set(t, { mr: got.value, ...(isRpc ? { servingObj: o + 1, serving: u } : {}) });
      w.events.push({ kind: 'transfer', what: isRpc ? 'request' : 'message', from: u, to: t, value: got.value });
      return 'done';
    }
    if (live.length > 0) return 'waiting';
    if (!closedCase) return die(w, t);
    w.note(t, 'unsatisfiable: every peer has closed');
    close(w, t, 'done');
    return 'ended';
  }

  /** The ChannelClosed row of t's switch for the endpoint of client or producer u on o: t deletes its endpoint. */
  function deleteEndpoint(w: Work, t: number, o: number, u: number): void {
    w.setEnd(o, u, 1, { closed: true });
    w.note(t, `ChannelClosed: ${w.f.threadNames[u - 1]}'s endpoint deleted`);
  }

  /** A consumer first sends the acknowledgements its contract owes (the credit it returns), then scans. */
  function receive(w: Work, t: number, o: number): Step {
    for (let u = 1; u <= w.f.threads; u++) {
      if (!used(w.f, o, u) || w.end(o, u, 1).owner !== t || w.end(o, u, 1).moving !== 0 || w.end(o, u, 1).closed) continue;
      const can = allowed(w, o, u, 1);
      if (can.receives.length === 0 && can.sends.length === 1 && !carries(protocolOf(w.f, o), can.sends[0])) sendMessage(w, o, u, 1, can.sends[0], 0);
    }
    return scan(w, t, o);
  }

  /** Runs (or reruns, after a delivery) the switch receive thread t waits in; a finished one runs again. */
  function resume(w: Work, t: number, fresh: boolean): Step {
    const me = w.th[t - 1];
    const o = me.on - 1;
    const got = rerun(w, t, o, me.wait);
    if (got === 'done' && me.wait === 'credit' && me.call) {
      w.set(t, { wait: 'reply' });
      return resume(w, t, fresh);
    }
    if (got === 'waiting') return 'waiting';
    if (w.th[t - 1].state === 'waiting') w.set(t, { state: 'running', wait: 'none', on: 0, timer: false, call: false });
    if (!fresh && w.th[t - 1].state === 'running') w.woken.push(t);
    return got;
  }

  /** The switch receive of a wait: a send's credit, a caller's answer, a handed endpoint, a request, or the next event. */
  function rerun(w: Work, t: number, o: number, wait: Wait): Step {
    switch (wait) {
      case 'credit':
        return send(w, t, o);
      case 'reply':
        return awaitReply(w, t, o);
      case 'endpoint':
        return owns(w, t, o) ? 'done' : 'waiting';
      case 'request':
        return scan(w, t, o);
      default:
        return receive(w, t, o);
    }
  }

  /** Wakes thread q if it waits in a switch receive that a delivery or a close may now satisfy. */
  function rescan(w: Work, q: number): void {
    if (q !== 0 && q !== w.self && w.th[q - 1].state === 'waiting') resume(w, q, false);
  }

  const owns = (w: Work, t: number, o: number) => Array.from({ length: w.f.threads }, (_, i) => i + 1).some((u) => used(w.f, o, u) && w.end(o, u, 1).owner === t && w.end(o, u, 1).moving === 0);

  /** Thread t starts a switch receive for `wait` on o: finished at once, or waiting. */
  function enter(w: Work, t: number, o: number, wait: Wait, call = false): Outcome {
    w.set(t, { state: 'waiting', wait, on: o + 1, call, timer: replyTimeout && (wait === 'reply' || call) });
    const got = resume(w, t, true);
    if (got === 'ended') return w.th[t - 1].state === 'running' ? { kind: 'returned' } : { kind: 'ended' };
    return got === 'done' ? { kind: 'returned' } : { kind: 'blocked', on: `switch receive (${w.th[t - 1].wait}) on ${w.f.objects[o].name}` };
  }

  /** The reply by server t to the client it serves on object `obj` (plus one): never blocks, succeeds even if the client has gone. */
  function reply(w: Work, t: number, obj: number, client: number): void {
    if (client === 0) return;
    sendMessage(w, obj - 1, client, 1, 'Reply', w.th[t - 1].mr);
  }

  /** The first phase of an endpoint move: the rule, then the owner PIDs of the blocks in its slots; the second hands it over. */
  function move(w: Work, t: number, o: number, to: number): Outcome {
    const u = Array.from({ length: w.f.threads }, (_, i) => i + 1).find((v) => used(w.f, o, v) && w.end(o, v, 1).owner === t);
    if (u === undefined) throw new Error(`singularity: ${w.f.threadNames[t - 1]} owns no endpoint of ${w.f.objects[o].name} to move`);
    const p = protocolOf(w.f, o);
    if (w.th[t - 1].phase === 0) {
      if (moveRule && allowed(w, o, u, 1).receives.some((m) => carries(p, m))) {
        throw new Error(`singularity: Endpoint must move in a state without pointer receives (EndpointStateMustGuaranteeNoPointerReceives): ${w.f.objects[o].name}'s endpoint is in state ${stateNames(p)[w.end(o, u, 1).state]}, where it can receive ${p.data}; the Sing# compiler rejects this program`);
      }
      w.setEnd(o, u, 1, { moving: to, queue: w.end(o, u, 1).queue.map((m) => ({ ...m, owner: to })) });
      w.set(t, { phase: 1 });
      return { kind: 'continues' };
    }
    w.setEnd(o, u, 1, { owner: to, moving: 0 });
    w.set(t, { phase: 0 });
    w.events.push({ kind: 'transfer', what: 'message', from: t, to, value: 0 });
    rescan(w, to);
    return { kind: 'returned' };
  }

  const syscall = (k: K, t: number, call: SingCall, message: number, f: Frame): SyscallResult<K> => {
    const w = new Work(k, f, t);
    w.set(t, { mr: message });
    const me = w.th[t - 1];
    switch (call.kind) {
      // Call: the credit and Req on the client's endpoint, then the switch receive for the answer.
      case 'Call':
        return w.result(enter(w, t, call.obj, 'credit', true));
      // Send: the credit the contract demands, then the message; it never blocks once the contract lets it send.
      case 'Send':
        return w.result(enter(w, t, call.obj, 'credit'));
      // ReceiveReply: the switch receive for the answer to an earlier Req.
      case 'ReceiveReply':
        return w.result(enter(w, t, call.obj, 'reply'));
      // Serve: a switch receive for Req over the server's endpoints on the service.
      case 'Serve':
        return w.result(enter(w, t, call.obj, 'request'));
      // Receive: the owed acknowledgements, then a switch receive for the next event.
      case 'Receive':
        return w.result(enter(w, t, call.obj, 'data'));
      // Reply answers the client being served; ReplyServe then serves again.
      case 'Reply':
        reply(w, t, me.servingObj, me.serving);
        w.set(t, { servingObj: 0, serving: 0 });
        return w.result({ kind: 'returned' });
      case 'ReplyServe':
        reply(w, t, me.servingObj, me.serving);
        w.set(t, { servingObj: 0, serving: 0 });
        return w.result(enter(w, t, call.obj, 'request'));
      // Save keeps the endpoint being served in a slot; ReplySaved answers through it.
      case 'Save':
        w.set(t, { servingObj: 0, serving: 0, saved: me.saved.map((s, i) => (i === call.slot ? { obj: me.servingObj, client: me.serving } : s)) });
        return w.result({ kind: 'returned' });
      case 'ReplySaved':
        reply(w, t, me.saved[call.slot].obj, me.saved[call.slot].client);
        w.set(t, { saved: me.saved.map((s, i) => (i === call.slot ? { obj: 0, client: 0 } : s)) });
        return w.result({ kind: 'returned' });
      // MoveEndpoint sends the thread's consumer endpoint to another thread, in two phases.
      case 'MoveEndpoint':
        return w.result(move(w, t, call.obj, call.to));
      // AcceptEndpoint waits until an endpoint of the object is handed to the thread.
      case 'AcceptEndpoint':
        return w.result(enter(w, t, call.obj, 'endpoint'));
      // Exit closes the thread's endpoints; the cleanup frees its blocks.
      case 'Exit':
        close(w, t, 'done');
        return w.result({ kind: 'ended' });
    }
  };

  /** CONF for one channel: the messages queued for one side replay from its state to the other side's. */
  function conforms(f: Frame, o: number, c: SingChannel): boolean {
    const p = protocolOf(f, o);
    const replay = (x: number): string | undefined => {
      let s: string | undefined = stateNames(p)[c.ends[x].state];
      for (const m of c.ends[x].queue) s = s === undefined ? undefined : stepsFrom(p.contract, s).find((st) => st.message === names(p)[m.tag] && st.dir === sendDir(p, 1 - x))?.to;
      return s;
    };
    const [s0, s1] = c.ends.map((e) => stateNames(p)[e.state]);
    return (c.ends[0].queue.length === 0 && replay(1) === s0) || (c.ends[1].queue.length === 0 && replay(0) === s1);
  }

  /** Whether the contract lets client or producer u send its message on o from its endpoint's state in k. */
  const maySend = (f: Frame, k: K, o: number, u: number) => {
    const p = protocolOf(f, o);
    return stepsFrom(p.contract, stateNames(p)[k.objects.chans[o][u - 1].ends[0].state]).some((s) => s.message === p.data && s.dir === sendDir(p, 0));
  };

  const channels = (k: K, f: Frame) => k.objects.chans.flatMap((cs, o) => cs.flatMap((c, i) => (used(f, o, i + 1) ? [{ o, c }] : [])));

  return defineDesign<SingThread, SingObjects, SingCall>({
    id: 'Singularity',
    title: `Singularity channels (M12)${variant === '' ? '' : ` [${variant}]`}`,
    thread: (f) =>
      record({
        state: oneOf('running', 'waiting', 'done', 'dead'),
        wait: oneOf(...WAITS),
        on: int(0, f.objects.length),
        timer: bool(),
        call: bool(),
        mr: int(0, f.values - 1),
        servingObj: int(0, f.objects.length),
        serving: threadId(f.threads),
        saved: array(f.slots, record({ obj: int(0, f.objects.length), client: threadId(f.threads) })),
        phase: int(0, 1),
      }),
    objects: (f) => {
      const ps = [rpc, oneWay];
      const message = record({ tag: int(0, Math.max(...ps.map((p) => names(p).length)) - 1), value: int(0, f.values - 1), owner: threadId(f.threads), freed: bool() });
      const len = Math.max(...ps.flatMap((p) => [roomOf(p, 0), roomOf(p, 1)]));
      const endpoint = record({ owner: threadId(f.threads), state: int(0, Math.max(...ps.map((p) => stateNames(p).length)) - 1), closed: bool(), moving: threadId(f.threads), slots: int(0, len), queue: queue(len, message) });
      return record({ chans: array(f.objects.length, perThread(f.threads, record({ ends: array(2, endpoint) }))) });
    },
    init: (f) => ({
      threads: Array.from({ length: f.threads }, () => ({ ...RUNNING, saved: Array.from({ length: f.slots }, () => ({ obj: 0, client: 0 })) })),
      objects: {
        chans: f.objects.map((obj, o) =>
          Array.from({ length: f.threads }, (_, i) => {
            const owners = used(f, o, i + 1) ? [i + 1, obj.servers[0] ?? 0] : [0, 0];
            return { ends: owners.map((owner, x) => ({ owner, state: 0, closed: false, moving: 0, slots: slots(protocolOf(f, o), x), queue: [] })) };
          }),
        ),
      },
    }),
    operation: (op, t, f) => {
      const obj = 'obj' in op ? f.objects.findIndex((o) => o.name === op.obj) : -1;
      const o = f.objects[obj];
      const service = o?.kind === 'service' && o.servers.length <= 1;
      const channel = o?.kind === 'channel' && !o.servers.some((s) => o.senders.includes(s));
      switch (op.op) {
        case 'rpc':
          return service ? { kind: 'Call', obj } : undefined;
        case 'serve':
        case 'replyServe':
          return service ? { kind: op.op === 'serve' ? 'Serve' : 'ReplyServe', obj } : undefined;
        case 'send':
        case 'request':
          return service || channel ? { kind: 'Send', obj } : undefined;
        case 'receive':
          // On a one-way channel the consumer's receive; on a service, a client's second half of a split call.
          if (channel) return { kind: 'Receive', obj };
          return service && o.senders.includes(t) ? { kind: 'ReceiveReply', obj } : undefined;
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
    runnable: (k, t) => k.threads[t - 1].state === 'running',
    ended: (k, t) => k.threads[t - 1].state === 'done' || k.threads[t - 1].state === 'dead',
    received: (k, t) => k.threads[t - 1].mr,
    // Messages past the slots fixed at NewChannel: what an endpoint would have to allocate.
    memory: (k) => k.objects.chans.reduce((n, cs) => n + cs.reduce((m, c) => m + c.ends.reduce((l, e) => l + Math.max(0, e.queue.length - e.slots), 0), 0), 0),
    invariants: (f) => [
      always('Q-BOUND', (k: K) => channels(k, f).every(({ c }) => c.ends.every((e) => e.queue.length <= e.slots))),
      always('CONF', (k: K) => channels(k, f).every(({ o, c }) => conforms(f, o, c))),
      always('OWN', (k: K) => channels(k, f).every(({ c }) => c.ends.every((e) => e.closed || e.queue.every((m) => !m.freed)))),
      always('FIFO-then-close', (k: K) => channels(k, f).every(({ c }) => c.ends.every((e) => !e.closed || e.queue.length === 0 || e.owner === 0 || k.threads[e.owner - 1].state === 'done' || k.threads[e.owner - 1].state === 'dead'))),
      always('no thread dies of an exception', (k: K) => k.threads.every((th) => th.state !== 'dead')),
    ],
    stepInvariants: (f) => [
      // Every step, Send and Call included: a thread that starts waiting for its send's credit is in a state whose contract lets it send nothing of its message.
      { name: 'senders never block', holds: (before: K, _call: SingCall | undefined, after: K) => after.threads.every((th, i) => th.wait !== 'credit' || before.threads[i].state === 'waiting' || !maySend(f, before, th.on - 1, i + 1)) },
    ],
    expirable: (k) => k.threads.flatMap((th, i) => (th.state === 'waiting' && th.timer && th.wait === 'reply' ? [i + 1] : [])),
    // The timeout row of a caller's switch receive fires: its call ends without a reply.
    expire: (k, t, f) => {
      const w = new Work(k, f);
      w.set(t, { state: 'running', wait: 'none', on: 0, timer: false, call: false });
      w.fail(t, 'timeout');
      w.woken.push(t);
      return w.result({ kind: 'returned' });
    },
    label: (c, f) => {
      if ('to' in c) return `${c.kind}(${f.objects[c.obj].name} → ${f.threadNames[c.to - 1]})`;
      if ('obj' in c) return `${c.kind}(${f.objects[c.obj].name})`;
      return 'slot' in c ? `${c.kind}(${c.slot})` : c.kind;
    },
  });

}
