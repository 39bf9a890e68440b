/**
 * Registry entries: how `npm run check` knows a model, its parameters, and the verdicts it expects.
 */
import type { AnyModel, Config, ConfigValue } from '../model/core/model.js';
import type { VerdictStatus } from '../checker/result.js';
import type { WorkloadParam } from '../model/workloads/workload.js';

/**
 * A parameter a user may set with `--set key=value`.
 *
 * @example
 * const clients: ParamSpec = { type: 'int', min: 1, max: 8, doc: 'client threads' };
 */
export type ParamSpec = WorkloadParam;

/**
 * One configuration `npm run check` runs, with the verdict it expects for every property.
 * Seeded-bug variants are runs whose expectations include failures.
 *
 * @example
 * const run: RegistryRun = { label: 'default', set: {}, expect: { 'deadlock free': 'holds' } };
 */
export interface RegistryRun {
  /** Short name shown in the table: `default`, `bug=sharedLastCaller`. */
  readonly label: string;
  /** Overrides of the entry's defaults. */
  readonly set: Config;
  /** Expected verdict per property name; every property of the model must be listed. */
  readonly expect: Readonly<Record<string, VerdictStatus>>;
}

/**
 * A model known to the CLI.
 *
 * @example
 * export const dieHardEntry = registryEntry({
 *   id: 'dieHard', summary: 'the Die Hard water jugs', params: { … }, defaults: { small: 3, big: 5, target: 4 },
 *   make: (c) => dieHard(c as DieHardConfig), runs: [{ label: 'default', set: {}, expect: { … } }],
 * });
 */
export interface RegistryEntry {
  readonly id: string;
  /**
   * The URL of the module that exports this entry (its `import.meta.url`): a parallel check's
   * workers then load that module alone rather than every model of the registry.
   */
  readonly module?: string;
  readonly summary: string;
  readonly params: Readonly<Record<string, ParamSpec>>;
  readonly defaults: Config;
  readonly make: (config: Config) => AnyModel;
  readonly runs: readonly RegistryRun[];
}

/**
 * Identity helper that types a registry entry.
 *
 * @example
 * export const myEntry = registryEntry({ id: 'mine', summary: '…', params: {}, defaults: {}, make: () => mine(), runs: [] });
 */
export function registryEntry(entry: RegistryEntry): RegistryEntry {
  return entry;
}

/**
 * Parses `value` for parameter `key` of `entry`; returns the value or an error sentence naming
 * the valid choices.
 *
 * @example
 * parseParam(dieHardEntry, 'big', '7'); // { ok: true, value: 7 }
 * parseParam(dieHardEntry, 'bog', '7'); // { ok: false, error: "unknown parameter 'bog' for dieHard; valid: small, big, target" }
 */
export function parseParam(entry: RegistryEntry, key: string, value: string): { ok: true; value: ConfigValue } | { ok: false; error: string } {
  const spec = entry.params[key];
  if (!spec) {
    const valid = Object.keys(entry.params);
    return { ok: false, error: `unknown parameter '${key}' for ${entry.id}; valid: ${valid.length ? valid.join(', ') : '(none)'}` };
  }
  switch (spec.type) {
    case 'int': {
      const n = Number(value);
      if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(n) || n < spec.min || n > spec.max) {
        return { ok: false, error: `--set ${key}=${value}: ${key} must be a whole number from ${spec.min} to ${spec.max} (${spec.doc})` };
      }
      return { ok: true, value: n };
    }
    case 'bool':
      if (value === 'true' || value === 'false') return { ok: true, value: value === 'true' };
      return { ok: false, error: `--set ${key}=${value}: ${key} must be true or false (${spec.doc})` };
    case 'enum':
      if (spec.values.includes(value)) return { ok: true, value };
      return { ok: false, error: `--set ${key}=${value}: ${key} must be one of ${spec.values.join(', ')} (${spec.doc})` };
  }
}
