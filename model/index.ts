export { defineModel, formatAction, type Model, type AnyModel, type Action, type Config, type ConfigValue, type Fairness, type FairnessGroup, type Symmetry } from './core/model.js';
export { unreachable } from './core/unreachable.js';
export { replaceAt } from './core/replaceAt.js';
export type { SequenceStyle, SequenceLane, SequenceEvent, SequenceMark } from './core/sequence.js';
export * from './core/shape/index.js';
export { arbitraryOf } from './core/shape/arbitrary.js';
export { dieHard, type DieHardConfig, type JugAction } from './classic/dieHard.js';
export { twoPhase, type TwoPhaseConfig, type TwoPhaseAction, type TwoPhaseState, type TwoPhaseBug } from './classic/twoPhase.js';
export { beemPhils, type BeemPhilsConfig, type BeemPhilsAction, type BeemPhilsState } from './classic/beemPhils.js';
export { dining, type DiningConfig, type DiningAction, type DiningState } from './classic/dining.js';
export { l4Ipc, type L4IpcConfig, type L4IpcAction, type L4IpcState, type L4IpcBug } from './classic/l4Ipc.js';
/** The hardware building blocks (modes, page tables, MMU, traps): `hw.userAccess(…)`. */
export * as hw from './hw/index.js';
/** The kernel building blocks (endpoints, scheduler, TCBs, reply slots, ghost calls): `kernel.switchTo(…)`. */
export * as kernel from './kernel/index.js';
export * from './hw/properties/index.js';
export * from './kernel/properties/index.js';
export { naiveLock, type NaiveLockConfig, type LockAction } from './examples/naiveLock.js';
export { serverPool, type ServerPoolConfig, type ServerPoolAction, type ServerPoolState } from './examples/serverPool.js';
/** Designs × workloads: a kernel is a design, a scenario a workload, `compose` makes the model. */
export { defineDesign, type Design, type AnyDesign, type Frame, type FrameObject, type ObjectKind, type KernelEvent, type KernelState, type Outcome, type SyscallResult, type MachineView } from './designs/design.js';
export { compose, inexpressible, designInvariantNames, NotExpressible, type ComposedState, type ComposedAction, type ComposeOptions, type ThreadPosition } from './compose/compose.js';
export { defineWorkload, type Workload, type WorkloadSpec, type WorkloadParam, type WorkloadView, type ThreadSpec, type ObjectSpec } from './workloads/workload.js';
export {
  add, answer, choose, forever, ifReceived, lock, native, prepare, receive, repeat, reply, replySaved, replyServe, request, rpc, save, send, serve, set, signal, take, touch, unlock, until, wait,
  operationLabel, isUserOperation, type Operation, type ProgramStep,
} from './workloads/program.js';
export { sel4, type Sel4Mutant, type Sel4Tcb, type Sel4Objects, type Sel4Call } from './designs/sel4.js';
export { sel4Mcs, type Sel4McsOptions } from './designs/sel4Mcs.js';
export { l4Long, type L4LongOptions, type L4XferTimeout } from './designs/l4Long.js';
export { fiasco, type FiascoOptions, type FiascoTimeout } from './designs/fiasco.js';
export { l4, type L4Options } from './designs/l4.js';
export { mach, type MachOptions } from './designs/mach.js';
export { pipe, type PipeOptions } from './designs/pipe.js';
export { xen } from './designs/xen.js';
export { ump } from './designs/ump.js';
export { composite, type CompositeOptions } from './designs/composite.js';
export { k42, type K42Options } from './designs/k42.js';
export { singularity, type SingularityOptions } from './designs/singularity.js';
export { defineContract, checkContract, pureLoop, bound as contractBound, ContractError, RPC, NIC_DEVICE_EVENT, DATA_STOP, XON_XOFF, type Contract, type ContractStep, type Direction } from './designs/contract.js';
export { ModelDefinitionError } from './core/definitionError.js';
export { rpcPool } from './workloads/rpcPool.js';
export { nestedServer } from './workloads/nestedServer.js';
export { deferredReply } from './workloads/deferredReply.js';
export { burst } from './workloads/burst.js';
export { pageFault } from './workloads/pageFault.js';
export { eventCascade } from './workloads/eventCascade.js';
export { notifyItems } from './workloads/notifyItems.js';
export { longIpc } from './workloads/longIpc.js';
export { mutualCalls } from './workloads/mutualCalls.js';
export { callBack } from './workloads/callBack.js';
export { oneWayClient } from './workloads/oneWayClient.js';
export { strayMessage } from './workloads/strayMessage.js';
export { portQueue } from './workloads/portQueue.js';
export { pipeStream } from './workloads/pipeStream.js';
export { ringStream } from './workloads/ringStream.js';
export { duplex } from './workloads/duplex.js';
export { upcallPool } from './workloads/upcallPool.js';
export { reentrantCalls } from './workloads/reentrantCalls.js';
export { primitiveCallback } from './workloads/primitiveCallback.js';
export { retryRace } from './workloads/retryRace.js';
export { serverFailure } from './workloads/serverFailure.js';
export { endpointMove } from './workloads/endpointMove.js';
export { selfInvocation } from './workloads/selfInvocation.js';
export { componentLock } from './workloads/componentLock.js';
