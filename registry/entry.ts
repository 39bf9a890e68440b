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
  /**
   * Where the model is expected to be rejected before any search (a `ModelDefinitionError`, such
   * as a Singularity contract that breaks the cycle rule): a text its message contains. `expect`
   * is then empty.
   */
  readonly rejected?: string;
}

/**
 * The parameters of a registry entry, by name.
 *
 * @example
 * const params: ParamSpecs = { n: { type: 'int', min: 2, max: 20, doc: 'philosophers' } };
 */
export type ParamSpecs = Readonly<Record<string, ParamSpec>>;

/**
 * The value type parameter `P` declares: a number for `int`, a boolean for `bool`, the union of
 * its values for `enum`.
 *
 * @example
 * type Bug = ParamValue<{ type: 'enum'; values: readonly ['none', 'lostReply']; doc: '' }>; // 'none' | 'lostReply'
 */
export type ParamValue<P extends ParamSpec> = P extends { readonly type: 'int' }
  ? number
  : P extends { readonly type: 'bool' }
    ? boolean
    : P extends { readonly type: 'enum'; readonly values: readonly (infer V extends string)[] }
      ? V
      : never;

/**
 * A complete configuration of parameters `P`: every parameter with a value of its declared type.
 *
 * @example
 * type DiningParams = { n: { type: 'int'; min: 2; max: 20; doc: '' }; lefty0: { type: 'bool'; doc: '' } };
 * const c: ConfigOf<DiningParams> = { n: 5, lefty0: false };
 */
export type ConfigOf<P extends ParamSpecs> = { readonly [K in keyof P]: ParamValue<P[K]> };

/**
 * A model known to the CLI.
 *
 * @example
 * export const dieHardEntry = registryEntry({
 *   id: 'dieHard', summary: 'the Die Hard water jugs', params: { … }, defaults: { small: 3, big: 5, target: 4 },
 *   make: (c) => dieHard(c), runs: [{ label: 'default', set: {}, expect: { … } }],
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
  readonly params: ParamSpecs;
  readonly defaults: Config;
  /**
   * Builds the model at `config` (overrides of {@link defaults}). Throws {@link ParamError} when a
   * value is outside its parameter's declared range or names no parameter: a factory never sees it.
   */
  readonly make: (config: Config) => AnyModel;
  readonly runs: readonly RegistryRun[];
}

/**
 * A registry entry as written: its `defaults` and `make` typed by its `params`, so that the
 * factory receives the configuration its own type names (no cast).
 *
 * @example
 * const def: RegistryEntryDefinition<{ n: { type: 'int'; min: 2; max: 20; doc: 'philosophers' } }> = { … };
 */
export interface RegistryEntryDefinition<P extends ParamSpecs> extends Omit<RegistryEntry, 'params' | 'defaults' | 'make'> {
  readonly params: P;
  readonly defaults: ConfigOf<P>;
  readonly make: (config: ConfigOf<P>) => AnyModel;
}

/**
 * Makes a registry entry whose `make` checks the configuration against the declared parameters
 * (the one place parameters are validated) before the factory sees it.
 *
 * @example
 * export const myEntry = registryEntry({ id: 'mine', summary: '…', params: {}, defaults: {}, make: () => mine(), runs: [] });
 */
export function registryEntry<const P extends ParamSpecs>(definition: RegistryEntryDefinition<P>): RegistryEntry {
  const { params, defaults } = definition;
  return {
    ...definition,
    make: (config: Config) => {
      const full: Config = { ...defaults, ...config };
      assertConfigOf(definition.id, params, defaults, full);
      return definition.make(full);
    },
  };
}

/**
 * A configuration value outside its parameter's declared range, or a parameter the entry does not
 * declare. `param` names the parameter.
 *
 * @example
 * try { diningEntry.make({ n: 1 }); } catch (e) { if (e instanceof ParamError) e.param; } // 'n'
 */
export class ParamError extends RangeError {
  constructor(
    readonly param: string,
    message: string,
  ) {
    super(message);
    this.name = 'ParamError';
  }
}

/**
 * What values parameter `spec` takes, as a sentence's end: `a whole number from 2 to 20`.
 *
 * @example
 * describeRange({ type: 'enum', values: ['none', 'lostReply'], doc: '' }); // 'one of none, lostReply'
 */
export function describeRange(spec: ParamSpec): string {
  switch (spec.type) {
    case 'int':
      return `a whole number from ${spec.min} to ${spec.max}`;
    case 'bool':
      return 'true or false';
    case 'enum':
      return `one of ${spec.values.join(', ')}`;
  }
}

/**
 * Whether `value` is one of the values `spec` declares.
 *
 * @example
 * inRange({ type: 'int', min: 2, max: 20, doc: '' }, 1); // false
 */
export function inRange(spec: ParamSpec, value: unknown): boolean {
  switch (spec.type) {
    case 'int':
      return typeof value === 'number' && Number.isSafeInteger(value) && value >= spec.min && value <= spec.max;
    case 'bool':
      return typeof value === 'boolean';
    case 'enum':
      return typeof value === 'string' && spec.values.includes(value);
  }
}

/** Throws the {@link ParamError} naming the first problem unless `c` is a complete, valid configuration of `params`. */
function assertConfigOf<P extends ParamSpecs>(id: string, params: P, defaults: Config, c: Config): asserts c is ConfigOf<P> {
  for (const key of Object.keys(c)) {
    if (!(key in params)) throw new ParamError(key, unknownParam(id, params, key));
  }
  for (const [key, spec] of Object.entries(params)) {
    const value = c[key];
    if (!inRange(spec, value)) {
      const got = value === undefined ? 'no value' : JSON.stringify(value);
      const fallback = defaults[key] === undefined ? '' : `; its default is ${defaults[key]}`;
      throw new ParamError(key, `${id}: ${key} must be ${describeRange(spec)} (${spec.doc}), got ${got}${fallback}`);
    }
  }
}

/** The message for a parameter `entry` does not declare, listing the ones it does. */
function unknownParam(id: string, params: ParamSpecs, key: string): string {
  const valid = Object.keys(params);
  return `unknown parameter '${key}' for ${id}; valid: ${valid.length ? valid.join(', ') : '(none)'}`;
}

/**
 * Parses `value`, given on the command line as `--set key=value`, for parameter `key` of `entry`:
 * returns the value, or a message naming the parameter, the values it takes and a value to give.
 *
 * @example
 * parseParam(dieHardEntry, 'big', '7'); // { ok: true, value: 7 }
 * parseParam(dieHardEntry, 'big', '0'); // { ok: false, error: '--set big=0: big must be a whole number from 1 to 100 (gallons of the big jug); for example --set big=5 (the default)' }
 */
export function parseParam(
  entry: Pick<RegistryEntry, 'id' | 'params' | 'defaults'>,
  key: string,
  value: string,
): { ok: true; value: ConfigValue } | { ok: false; error: string } {
  const spec = entry.params[key];
  if (!spec) return { ok: false, error: unknownParam(entry.id, entry.params, key) };
  const parsed: ConfigValue | undefined =
    spec.type === 'int' ? (/^-?\d+$/.test(value) ? Number(value) : undefined) : spec.type === 'bool' ? (value === 'true' ? true : value === 'false' ? false : undefined) : value;
  if (parsed !== undefined && inRange(spec, parsed)) return { ok: true, value: parsed };
  const fallback = entry.defaults[key];
  const example = fallback === undefined ? '' : `; for example --set ${key}=${fallback} (the default)`;
  return { ok: false, error: `--set ${key}=${value}: ${key} must be ${describeRange(spec)} (${spec.doc})${example}` };
}
