export { defineModel, formatAction, type Model, type AnyModel, type Action, type Config, type ConfigValue } from './core/model.js';
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
export { l4ShortIpc, type L4ShortIpcConfig, type L4ShortIpcAction, type L4ShortIpcState, type L4ShortIpcBug, type L4ShortIpcTimeout } from './protocols/l4ShortIpc.js';
export { fiascoIpc, type FiascoConfig, type FiascoBug, type FiascoTimeout, type FiascoKpc, type FiascoAction, type FiascoState } from './protocols/fiascoIpc.js';
export { l4LongIpc, type L4LongIpcConfig, type L4LongIpcAction, type L4LongIpcState, type L4LongIpcBug, type L4XferTimeout } from './protocols/l4LongIpc.js';
export { unixPipe, type PipeConfig, type PipeBug, type PipeState, type PipeAction } from './protocols/unixPipe.js';
export { xenEventChannel, type XenConfig, type XenBug, type XenState, type XenAction } from './protocols/xenEventChannel.js';
export { barrelfishUmp, type UmpConfig, type UmpBug, type UmpState, type UmpAction } from './protocols/barrelfishUmp.js';
export { machPorts, type MachConfig, type MachBug, type MachState, type MachAction } from './protocols/machPorts.js';
export {
  sel4Notifications,
  type Sel4NotificationsConfig,
  type Sel4NotificationsAction,
  type Sel4NotificationsState,
  type NotificationConsumer,
  type NotificationBug,
} from './protocols/sel4Notifications.js';
export { sel4Endpoints, type Sel4Config, type Sel4Action, type Sel4State, type Sel4Bug } from './protocols/sel4Endpoints.js';
/** The hardware building blocks (modes, page tables, MMU, traps): `hw.userAccess(…)`. */
export * as hw from './hw/index.js';
/** The kernel building blocks (endpoints, scheduler, TCBs, reply slots, ghost calls): `kernel.switchTo(…)`. */
export * as kernel from './kernel/index.js';
export * from './hw/properties/index.js';
export * from './kernel/properties/index.js';
export { naiveLock, type NaiveLockConfig, type LockAction } from './examples/naiveLock.js';
export { serverPool, type ServerPoolConfig, type ServerPoolAction, type ServerPoolState } from './examples/serverPool.js';
