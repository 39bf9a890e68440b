/**
 * The least work a breadth-first search of a model must do through the model API, timed: the
 * yardstick for the engine's one-core speed.
 *
 * For every state it decodes the state, asks `actions`, and for every action calls `next`,
 * encodes and hashes the successor, and looks it up in a visited table sized for the whole run.
 * Like the checker, it stages the successors of 32 states and reads their table slots before it
 * looks them up. Nothing else: no properties, no parent records (so no traces), no table growth,
 * no progress or memory checks. `check` must do all of that as well, so its rate can only
 * approach this one; and on a machine where this floor is below a target, an engine built on the
 * same model API can hardly reach the target with that model.
 *
 * With `duties`, it also does what a correct checker cannot leave out, at the least cost each can
 * have: every state property on every state and every step property on every transition (on the
 * objects already at hand: a state's properties when it is expanded, so no state is decoded
 * twice), the valid-end test of deadlock freedom on states without actions, and the re-encoding
 * that catches a `next` writing into its input. It still leaves out parent records, table growth,
 * progress and memory checks. Its verdicts are not reported: it only times the work.
 *
 * Run it as `node dist/bench/floor.js <model> '<config JSON>' <distinct states> [runs] [--duties]`, after
 * `npm run build`: each run in a fresh process is what the bench measures, later runs in the
 * same process show the cost once memory is mapped and code compiled. It prints one JSON line
 * per run. The distinct states must be the model's exact count: the table is sized from it, so a
 * larger count would time a search in an emptier table, and the command refuses it (exit 1)
 * rather than print that rate. `npm run bench` runs it this way, in every round of a case marked
 * `floor` (bench/cases.ts), with the count of that round's one-worker `check`.
 */
import type { Action, Model } from '../model/core/model.js';
import { StateCodec } from '../model/core/shape/codec.js';
import { pathToFileURL } from 'node:url';
import { findEntry } from '../registry/index.js';
import { parseParam, type RegistryEntry } from '../registry/entry.js';
import type { Config, ConfigValue } from '../model/core/model.js';
import { EXPANSION_BATCH } from '../checker/searchEngine.js';
import { touchSlots } from '../checker/stateStore.js';

/**
 * What one floor search counted and how long it took.
 *
 * @example
 * const r: FloorResult = { distinct: 369, generated: 953, elapsedMs: 2.1 };
 */
export interface FloorResult {
  readonly distinct: number;
  /** States generated, as `check` counts them: the initial states and one per transition. */
  readonly generated: number;
  readonly elapsedMs: number;
}

/**
 * What a floor search does besides the model API's own work.
 *
 * @example
 * floorSearch(l4Ipc(), 1000, { duties: true }); // properties and the mutation check as well
 */
export interface FloorOptions {
  /** Also check every property and that `next` leaves its input unchanged (see the module comment). */
  readonly duties?: boolean;
}

/**
 * Searches `model` breadth first doing only what the model API requires (see the module
 * comment), in a store for at most `capacity` states; throws a `RangeError` when the model has
 * more. The timed part excludes building the codec and allocating the store.
 *
 * @example
 * floorSearch(l4Ipc(), 1000).distinct; // 369, as check(l4Ipc()) counts
 */
export function floorSearch<S, A extends Action>(model: Model<S, A>, capacity: number, options: FloorOptions = {}): FloorResult {
  if (!Number.isSafeInteger(capacity) || capacity < 1) throw new RangeError(`floorSearch: capacity must be a whole number ≥ 1, got ${capacity}`);
  const codec = new StateCodec(model.shape);
  const words = codec.words;
  // A table of at least twice the capacity: the load stays at or below one half.
  let slots = 2;
  while (slots < 2 * capacity) slots *= 2;
  const mask = slots - 1;
  const table = new Int32Array(slots);
  const arena = new Uint32Array(capacity * words);
  // The successors of a batch of states, as the checker stages them: all encoded before any is
  // looked up, their table slots read first so that the cache misses overlap, then stored in
  // order (bench/NOTES.md, "Staging a batch before lookups").
  let buf = new Uint32Array(256 * words);
  let hashes = new Int32Array(256);
  let sink = 0;
  let count = 0;
  let generated = 0;
  const add = (hash: number, from: number): void => {
    let slot = hash & mask;
    for (;;) {
      const entry = table[slot];
      if (entry === 0) {
        if (count === capacity) throw new RangeError(`floorSearch: ${model.name} has more than ${capacity} states; give a larger capacity`);
        const at = count * words;
        for (let w = 0; w < words; w++) arena[at + w] = buf[from + w];
        table[slot] = ++count;
        return;
      }
      const at = (entry - 1) * words;
      let w = 0;
      while (w < words && arena[at + w] === buf[from + w]) w++;
      if (w === words) return;
      slot = (slot + 1) & mask;
    }
  };
  const duties = options.duties === true;
  // Each kind of property in its own list, so that a search pays only for the kinds its model
  // has. As in the checker, a decided invariant or witness is not evaluated again; a bounded
  // measure is, since its largest value is reported.
  const props = duties ? model.properties : [];
  const stateProps = props.filter((p) => p.kind === 'always' || p.kind === 'sometimes' || p.kind === 'bounded');
  const stepProps = props.flatMap((p) => (p.kind === 'step' ? [p] : []));
  const deadlockProps = props.flatMap((p) => (p.kind === 'deadlockFree' ? [p] : []));
  const stateOpen = stateProps.map(() => true);
  const stepOpen = stepProps.map(() => true);
  const deadlockOpen = deadlockProps.map(() => true);
  let witness = 0;
  const t0 = performance.now();
  const inits = model.init();
  generated += inits.length;
  for (const s of inits) {
    const hash = codec.encodeHashAt(s, buf, 0);
    if (hash < 0) codec.explainViolation(s);
    add(hash, 0);
  }
  for (let base = 0; base < count; ) {
    const end = Math.min(base + EXPANSION_BATCH, count);
    let k = 0;
    for (let cur = base; cur < end; cur++) {
      const s = codec.decode(arena, cur * words);
      const acts = model.actions(s);
      const n = acts.length;
      generated += n;
      for (let p = 0; p < stateProps.length; p++) {
        const prop = stateProps[p];
        if (!stateOpen[p]) continue;
        if (prop.kind === 'always') stateOpen[p] = prop.holds(s);
        else if (prop.kind === 'sometimes') stateOpen[p] = !prop.holds(s);
        else if (prop.kind === 'bounded') witness = Math.max(witness, prop.measure(s));
      }
      if (n === 0) for (let p = 0; p < deadlockProps.length; p++) if (deadlockOpen[p]) deadlockOpen[p] = deadlockProps[p].validEnd(s);
      if (k + n > hashes.length) {
        const bigger = new Uint32Array(2 * (k + n) * words);
        bigger.set(buf.subarray(0, k * words));
        buf = bigger;
        const moreHashes = new Int32Array(2 * (k + n));
        moreHashes.set(hashes.subarray(0, k));
        hashes = moreHashes;
      }
      for (let i = 0; i < n; i++) {
        const successor = model.next(s, acts[i]);
        for (let p = 0; p < stepProps.length; p++) if (stepOpen[p]) stepOpen[p] = stepProps[p].holds(s, acts[i], successor);
        const hash = codec.encodeHashAt(successor, buf, k * words);
        if (hash < 0) codec.explainViolation(successor);
        hashes[k++] = hash;
      }
      if (duties && n > 0) {
        // The state must still encode to its stored words: `next` did not write into it.
        const again = codec.encodeInto(s);
        for (let w = 0; w < words; w++) if (again[w] !== arena[cur * words + w]) throw new Error(`floorSearch: next() of ${model.name} mutated the state it was given`);
      }
    }
    sink ^= touchSlots(table, mask, hashes, k);
    for (let j = 0; j < k; j++) add(hashes[j], j * words);
    base = end;
  }
  const elapsedMs = performance.now() - t0;
  if (sink === 0.5 || witness === 0.5) console.log(sink); // uses the reads, so they cannot be optimised away
  return { distinct: count, generated, elapsedMs };
}

/**
 * The configuration given as JSON, each value checked as the CLI checks `--set`, or a sentence
 * saying what is wrong with it.
 */
function parseConfig(entry: RegistryEntry, json: string): Config | string {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (e) {
    return `the configuration is not JSON (${e instanceof Error ? e.message : String(e)}); give an object such as '{"clients":5}'`;
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return `the configuration must be a JSON object such as '{"clients":5}', got ${json}`;
  const config: Record<string, ConfigValue> = {};
  for (const [key, value] of Object.entries(raw)) {
    const parsed = parseParam(entry, key, String(value));
    if (!parsed.ok) return parsed.error;
    config[key] = parsed.value;
  }
  return config;
}

/** The command line: a registry model, its configuration, its exact distinct states and a number of runs. */
function main(args: readonly string[]): number {
  const flags = args.filter((a) => a.startsWith('--'));
  const [id, configJson, statesArg, runsArg] = args.filter((a) => !a.startsWith('--'));
  const badFlag = flags.find((f) => f !== '--duties');
  const entry = id === undefined ? undefined : findEntry(id);
  const states = Number(statesArg);
  const runs = Number(runsArg ?? 1);
  if (entry === undefined || configJson === undefined || !Number.isSafeInteger(states) || states < 1 || !Number.isSafeInteger(runs) || runs < 1 || badFlag !== undefined) {
    process.stderr.write(
      `usage: node dist/bench/floor.js <model> '<config JSON>' <distinct states> [runs] [--duties]\n` +
        `  e.g. node dist/bench/floor.js l4Ipc '{"clients":5,"servers":2,"rounds":2,"payloads":2}' 1306271 3\n` +
        `  <distinct states> is the model's exact count (the table is sized from it)\n` +
        `  --duties also checks every property and that next() leaves its input unchanged\n` +
        (id !== undefined && entry === undefined ? `  unknown model '${id}'\n` : '') +
        (badFlag !== undefined ? `  unknown option '${badFlag}'\n` : ''),
    );
    return 2;
  }
  const config = parseConfig(entry, configJson);
  if (typeof config === 'string') {
    process.stderr.write(`floor: ${config}\n`);
    return 2;
  }
  try {
    const model = entry.make({ ...entry.defaults, ...config });
    const duties = flags.includes('--duties');
    for (let r = 0; r < runs; r++) {
      const { distinct, generated, elapsedMs } = floorSearch(model, states, { duties });
      if (distinct !== states) throw new RangeError(`${model.name} has ${distinct} states, not ${states}; give its exact count, since the table is sized from it`);
      const distinctPerSecond = Math.round((distinct / elapsedMs) * 1000);
      process.stdout.write(JSON.stringify({ model: model.name, duties, run: r + 1, distinct, generated, elapsedMs, distinctPerSecond }) + '\n');
    }
    return 0;
  } catch (e) {
    process.stderr.write(`floor: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = main(process.argv.slice(2));
