/**
 * The registry `npm run check` runs: every shipped model with its configurations and expected verdicts.
 */
import { dieHardEntry } from '../classic/dieHard.js';
import { twoPhaseEntry } from '../classic/twoPhase.js';
import { beemPhilsEntry } from '../classic/beemPhils.js';
import { diningEntry } from '../classic/dining.js';
import { l4IpcEntry } from '../classic/l4Ipc.js';
import { naiveLockEntry } from '../examples/naiveLock.js';
import { serverPoolEntry } from '../examples/serverPool.js';
import { l4ShortIpcEntry } from '../protocols/l4ShortIpc.js';
import { sel4EndpointsEntry } from '../protocols/sel4Endpoints.js';
import { fiascoIpcEntry } from '../protocols/fiascoIpc.js';
import { l4LongIpcEntry } from '../protocols/l4LongIpc.js';
import { machPortsEntry } from '../protocols/machPorts.js';
import { sel4NotificationsEntry } from '../protocols/sel4Notifications.js';
import { unixPipeEntry } from '../protocols/unixPipe.js';
import { xenEventChannelEntry } from '../protocols/xenEventChannel.js';
import { barrelfishUmpEntry } from '../protocols/barrelfishUmp.js';
import type { RegistryEntry } from './entry.js';

export { comparisons, type Comparison } from './comparisons.js';
export { registryEntry, parseParam, type RegistryEntry, type RegistryRun, type ParamSpec } from './entry.js';

/**
 * Every model the CLI knows, in the order `npm run check` runs them.
 *
 * @example
 * registry.map((e) => e.id); // ['dieHard', …]
 */
export const registry: readonly RegistryEntry[] = [naiveLockEntry, dieHardEntry, twoPhaseEntry, beemPhilsEntry, diningEntry, l4IpcEntry, l4ShortIpcEntry, sel4EndpointsEntry, fiascoIpcEntry, l4LongIpcEntry, sel4NotificationsEntry, machPortsEntry, unixPipeEntry, xenEventChannelEntry, barrelfishUmpEntry, serverPoolEntry];

/**
 * The entry with this id, or undefined.
 *
 * @example
 * findEntry('dieHard')?.summary;
 */
export function findEntry(id: string): RegistryEntry | undefined {
  return registry.find((e) => e.id === id);
}
