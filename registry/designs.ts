/**
 * The designs and workloads the command line knows, and the seeded mutants of each design.
 */
import type { AnyDesign } from '../model/designs/design.js';
import { sel4 } from '../model/designs/sel4.js';
import { l4 } from '../model/designs/l4.js';
import { pipe } from '../model/designs/pipe.js';
import { mach } from '../model/designs/mach.js';
import { sel4Mcs } from '../model/designs/sel4Mcs.js';
import { l4Long } from '../model/designs/l4Long.js';
import { fiasco } from '../model/designs/fiasco.js';
import { xen } from '../model/designs/xen.js';
import { ump } from '../model/designs/ump.js';
import { composite } from '../model/designs/composite.js';
import { k42 } from '../model/designs/k42.js';
import { singularity } from '../model/designs/singularity.js';
import type { Workload } from '../model/workloads/workload.js';
import { rpcPool } from '../model/workloads/rpcPool.js';
import { nestedServer } from '../model/workloads/nestedServer.js';
import { deferredReply } from '../model/workloads/deferredReply.js';
import { burst } from '../model/workloads/burst.js';
import { pageFault } from '../model/workloads/pageFault.js';
import { eventCascade } from '../model/workloads/eventCascade.js';
import { notifyItems } from '../model/workloads/notifyItems.js';
import { longIpc } from '../model/workloads/longIpc.js';
import { mutualCalls } from '../model/workloads/mutualCalls.js';
import { callBack } from '../model/workloads/callBack.js';
import { oneWayClient } from '../model/workloads/oneWayClient.js';
import { strayMessage } from '../model/workloads/strayMessage.js';
import { portQueue } from '../model/workloads/portQueue.js';
import { pipeStream } from '../model/workloads/pipeStream.js';
import { ringStream } from '../model/workloads/ringStream.js';
import { duplex } from '../model/workloads/duplex.js';
import { selfInvocation } from '../model/workloads/selfInvocation.js';
import { componentLock } from '../model/workloads/componentLock.js';
import { upcallPool } from '../model/workloads/upcallPool.js';
import { reentrantCalls } from '../model/workloads/reentrantCalls.js';
import { primitiveCallback } from '../model/workloads/primitiveCallback.js';
import { retryRace } from '../model/workloads/retryRace.js';
import { serverFailure } from '../model/workloads/serverFailure.js';
import { endpointMove } from '../model/workloads/endpointMove.js';

/**
 * A design the command line knows: its id, what it is, and how to make it and each of its seeded
 * mutants (`none` is the design itself).
 *
 * @example
 * const d = designs.find((x) => x.id === 'seL4')!.mutants.callAsSend();
 */
export interface DesignEntry {
  readonly id: string;
  readonly summary: string;
  readonly mutants: Readonly<Record<string, () => AnyDesign>>;
}

/**
 * Every shipped design, in the order the matrices list them.
 *
 * @example
 * designs.map((d) => d.id); // ['seL4', …]
 */
export const designs: readonly DesignEntry[] = [
  {
    id: 'seL4',
    summary: 'M3/M5 seL4 non-MCS: endpoints with caller slots, SaveCaller, notifications',
    mutants: {
      none: () => sel4(),
      replyToAnyWaiter: () => sel4({ replyToAnyWaiter: true }),
      callAsSend: () => sel4({ callAsSend: true }),
      callWithoutGrant: () => sel4({ grantless: [1] }),
      dropSignal: () => sel4({ dropSignal: true }),
    },
  },
  {
    id: 'seL4-MCS',
    summary: 'M4 seL4 MCS: reply objects, scheduling-context donation, passive servers',
    mutants: {
      none: () => sel4Mcs(),
      activeServers: () => sel4Mcs({ passive: [] }),
      waitForRequests: () => sel4Mcs({ waitForRequests: true }),
    },
  },
  {
    id: 'L4',
    summary: 'M1 L4 X.2 short IPC (Pistachio): the thread is the message queue, Ipc(to, from) with timeouts',
    mutants: {
      none: () => l4(),
      finiteTimeouts: () => l4({ callSend: 'finite', callReceive: 'finite', replySend: 'finite', serverReceive: 'finite' }),
      zeroCallSend: () => l4({ callSend: 'zero' }),
      finiteCallSend: () => l4({ callSend: 'finite' }),
      replySendNever: () => l4({ replySend: 'never' }),
      // Card M1 F2 as the retired model ran it: thread X sends with snd = 0.
      openReceiveReply: () => l4({ openReceiveReply: true, oneWaySend: 'zero' }),
      openReceiveReplyFinite: () => l4({ openReceiveReply: true, oneWaySend: 'zero', callReceive: 'finite' }),
    },
  },
  {
    id: 'L4-long',
    summary: 'M2 L4 long IPC: the copy page-faults into pagers through nested IPC, with continuations and xfer timeouts',
    mutants: {
      none: () => l4Long(),
      registers: () => l4Long({ movement: 'registers' }),
      skipFaultedPage: () => l4Long({ skipFaultedPage: true }),
    },
  },
  {
    id: 'Fiasco',
    summary: 'M6 Fiasco: timeout pairs, the implicit reply slot, the preemptible two-phase do_ipc (thesis P1, P2)',
    mutants: {
      none: () => fiasco(),
      sndTimeout0: () => fiasco({ snd: 'zero' }),
      finiteTimeouts: () => fiasco({ snd: 'finite', rcv: 'finite' }),
      rcvTimeout0: () => fiasco({ rcv: 'zero' }),
      noHelping: () => fiasco({ helping: false }),
      noHelpingSndTimeout0: () => fiasco({ helping: false, snd: 'zero' }),
      threadPollingRegression: () => fiasco({ helping: false, threadPollingRegression: true }),
      threadPollingRegressionHelping: () => fiasco({ threadPollingRegression: true }),
    },
  },
  {
    id: 'Mach',
    summary: 'M7 Mach ports: kmsg queues with a queue limit (5), blocking or timed-out sends, send-once reply rights',
    mutants: {
      none: () => mach(),
      noQueueLimit: () => mach({ qlimit: 'unbounded' }),
      sendTimeout0: () => mach({ sendTimeout: 0 }),
      sendOnceRequests: () => mach({ sendOnceRequests: true }),
      sharedReplyRight: () => mach({ sharedReplyRight: true }),
    },
  },
  {
    id: 'pipe',
    summary: 'M8 UNIX pipes (Linux): bounded buffers, blocking reads and writes, EOF and EPIPE; an RPC is a request pipe and a reply pipe',
    mutants: {
      none: () => pipe(),
      nonblocking: () => pipe({ nonblocking: true }),
      readerKeepsWriteEnd: () => pipe({ readerKeepsWriteEnd: true }),
      unbounded: () => pipe({ unbounded: true }),
    },
  },
  {
    id: 'Xen',
    summary: 'M9 Xen event channels with a shared ring in a page two domains map (pending and mask bits, the final check before sleeping)',
    mutants: { none: () => xen(), noFinalCheck: () => xen({ noFinalCheck: true }), overwrite: () => xen({ overwrite: true }) },
  },
  {
    id: 'UMP',
    summary: 'M10 Barrelfish UMP: shared rings of cache-line messages with an epoch bit, sequence and acknowledgement flow control',
    mutants: { none: () => ump(), ignoreCanSend: () => ump({ ignoreCanSend: true }), blockedSenderStopsDraining: () => ump({ blockedSenderStopsDraining: true }) },
  },
  {
    id: 'Composite',
    summary: 'M11 Composite thread migration: the client\'s thread runs the component (sinv/sret on a bounded invocation stack), blockpoints, asnd/arcv pending counters',
    mutants: {
      none: () => composite(),
      stackDepth1: () => composite({ depth: 1 }),
      growableStack: () => composite({ growableStack: true }),
      sretToChosenTarget: () => composite({ sretToChosenTarget: true }),
    },
  },
  {
    id: 'K42',
    summary: 'M13 K42: PPC as a direct dispatcher hand-off, upcalls onto a bounded thread pool, EAGAIN and retry, a bounded async ring with EBUSY, soft-interrupt bits',
    mutants: {
      none: () => k42(),
      enomem: () => k42({ noThread: 'enomem' }),
      dropOnBusy: () => k42({ busy: 'drop' }),
      nonAtomicTake: () => k42({ nonAtomicTake: true }),
      asyncList: () => k42({ asyncList: true }),
    },
  },
  {
    id: 'Singularity',
    summary: 'M12 Singularity channels: endpoints in the exchange heap with slots fixed by the channel contract, sends that never block, switch receive with ChannelClosed',
    mutants: {
      none: () => singularity(),
      // Card M12 F1: an ill-formed one-way contract, rejected when the design is made; then the same contract unchecked.
      dataStopContract: () => singularity({ stream: 'dataStop' }),
      xonXoffContract: () => singularity({ stream: 'xonXoff' }),
      dataStopUnchecked: () => singularity({ stream: 'dataStop', checkContracts: false }),
      replyTimeout: () => singularity({ replyTimeout: true }),
      noClosedCase: () => singularity({ closedCase: false }),
      moveAnyState: () => singularity({ moveRule: false }),
    },
  },
];

/**
 * Every shipped workload, in the order `npm run check` prints their matrices.
 *
 * @example
 * workloads.map((w) => w.id); // ['rpcPool', 'nestedServer', …]
 */
export const workloads: readonly Workload[] = [
  rpcPool,
  nestedServer,
  deferredReply,
  burst,
  pageFault,
  eventCascade,
  notifyItems,
  longIpc,
  mutualCalls,
  callBack,
  oneWayClient,
  strayMessage,
  portQueue,
  pipeStream,
  ringStream,
  duplex,
  upcallPool,
  reentrantCalls,
  primitiveCallback,
  retryRace,
  serverFailure,
  endpointMove,
  selfInvocation,
  componentLock,
];
