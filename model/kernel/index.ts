export { enqueue, dequeue, without, distinct } from './fifo.js';
export { schedulerShape, makeReady, switchTo, scheduleNext, preempt, runQueueOk, type Scheduler } from './scheduler.js';
export { THREAD_STATES, tcbShape, RUNNING, isBlocked, type ThreadState, type Tcb } from './tcb.js';
export { endpointShape, IDLE_ENDPOINT, block, takeHead, endpointOk, type Endpoint } from './endpoint.js';
export { messageRegistersShape, transferRegisters } from './messageRegisters.js';
export { replySlotsShape, setReplySlot } from './replySlot.js';
export { kernelMemoryShape, allocate, release } from './kernelMemory.js';
export { callGhostShape, initialCallGhost, ghostStep, ghostCall, ghostReceived, ghostReply, type CallGhost } from './ghostCalls.js';
