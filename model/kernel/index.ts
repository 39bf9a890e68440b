export { enqueue, dequeue, without, distinct } from './fifo.js';
export { schedulerShape, makeReady, switchTo, scheduleNext, preempt, runQueueOk, type Scheduler } from './scheduler.js';
export { THREAD_STATES, tcbShape, RUNNING, isBlocked, type ThreadState, type Tcb } from './tcb.js';
export { endpointShape, IDLE_ENDPOINT, block, takeHead, endpointOk, type Endpoint } from './endpoint.js';
export { messageRegistersShape, transferRegisters } from './messageRegisters.js';
export { replySlotsShape, setReplySlot } from './replySlot.js';
export { kernelMemoryShape, allocate, release } from './kernelMemory.js';
export { callGhostShape, initialCallGhost, ghostStep, ghostCall, ghostReceived, ghostReply, type CallGhost } from './ghostCalls.js';
export { senderQueuesShape, poll, takeSender, stopPolling, senderQueuesOk } from './senderQueues.js';
export { initialSel4Kernel, sel4KernelShape, sel4Syscall, sel4Preempt, sel4UserStep, runnableIn, type Sel4Kernel, type Sel4Syscall, type Sel4KernelOptions } from './sel4Ipc.js';
export { messageShape, messageQueueShape, canEnqueue, enqueueMessage, dequeueMessage, type Message, type QueueLimit } from './messageQueue.js';
export { notificationShape, idleNotification, signalNotification, waitNotification, pollNotification, notificationOk, type Notification } from './notification.js';
export {
  RING_PAGE,
  sharedRingShape,
  initialRing,
  ringFull,
  ringHasUnconsumed,
  ringPush,
  ringTake,
  armConsumer,
  armProducer,
  ringIndicesOk,
  sharedRingTables,
  ringFrame,
  type SharedRing,
} from './sharedRing.js';
export { returnStep, preemptStep } from './machineSteps.js';
