/**
 * The least breadth-first search over one registry model, in a fresh process: a yardstick for
 * the checker's one-core rate, not a checker. Per state it decodes, asks `actions`, calls `next`
 * for each, encodes and hashes every successor (the shape's compiled encoder) and looks it up in
 * an open-addressing table with the batch's home slots read first, exactly as the checker's
 * engine does. It leaves out everything else a check must do: no property is evaluated, no
 * parent or action is recorded (so no trace could be rebuilt), the table and arena are sized in
 * advance from the state count given (the checker cannot know it, so it grows), the state
 * expanded is not re-encoded to catch a `next` that mutates it, and there are no progress,
 * memory or time checks. Its rate is therefore above what any checker built on the same model
 * API can reach on this machine. Prints one JSON line: distinct, generated, elapsedMs.
 *
 * Usage: `node dist/bench/floor.js <entry> <config JSON> <expected distinct states>`.
 */
import { findEntry } from '../model/registry/index.js';
import { StateCodec } from '../model/core/shape/codec.js';

const [entryId, configJson, expectedArg] = process.argv.slice(2);
const entry = findEntry(entryId);
const expected = Number(expectedArg);
if (!entry || !Number.isSafeInteger(expected) || expected < 1) {
  process.stderr.write('usage: floor <registry entry> <config JSON> <expected distinct states>\n');
  process.exit(2);
}
const model = entry.make({ ...entry.defaults, ...JSON.parse(configJson) });
const codec = new StateCodec(model.shape);
const W = codec.words;
const started = performance.now();

// A table of at least twice the states (load at most 1/2) and an arena for all of them.
let slots = 1;
while (slots < 2 * expected) slots *= 2;
const mask = slots - 1;
const table = new Int32Array(slots);
const arena = new Uint32Array(expected * W);
let count = 0;
let generated = 0;

/** Stores the state in `buf[at…at + W)` with hash `hash` unless it is there already. */
function add(buf: Uint32Array, at: number, hash: number): void {
  let slot = hash & mask;
  for (;;) {
    const entry = table[slot];
    if (entry === 0) {
      if (count === expected) throw new Error(`more than the ${expected} states expected`);
      const dest = count * W;
      for (let w = 0; w < W; w++) arena[dest + w] = buf[at + w];
      table[slot] = ++count;
      return;
    }
    const off = (entry - 1) * W;
    let w = 0;
    while (w < W && arena[off + w] === buf[at + w]) w++;
    if (w === W) return;
    slot = (slot + 1) & mask;
  }
}

let batch = new Uint32Array(64 * W);
let hashes = new Int32Array(64);
const encode = (s: unknown, k: number): void => {
  if (k === hashes.length) {
    const grownHashes = new Int32Array(2 * k);
    grownHashes.set(hashes);
    hashes = grownHashes;
    const grownBatch = new Uint32Array(2 * k * W);
    grownBatch.set(batch);
    batch = grownBatch;
  }
  const hash = codec.encodeHashAt(s as never, batch, k * W);
  if (hash < 0) throw new Error('a state left its shape; run the checker to see which');
  hashes[k] = hash;
};

const withinBounds = model.withinBounds;
const inits = model.init();
for (let i = 0; i < inits.length; i++) {
  encode(inits[i], 0);
  add(batch, 0, hashes[0]);
}
let sink = 0;
for (let cursor = 0; cursor < count; cursor++) {
  const s = codec.decode(arena, cursor * W);
  const acts = model.actions(s);
  generated += acts.length;
  let k = 0;
  for (let i = 0; i < acts.length; i++) {
    const t = model.next(s, acts[i]);
    if (withinBounds !== undefined && !withinBounds.call(model, t)) continue;
    encode(t, k++);
  }
  for (let j = 0; j < k; j++) sink ^= table[hashes[j] & mask];
  for (let j = 0; j < k; j++) add(batch, j * W, hashes[j]);
}
const elapsedMs = performance.now() - started;
process.stdout.write(JSON.stringify({ distinct: count, generated: generated + inits.length, elapsedMs, sink: sink & 0 }) + '\n');
