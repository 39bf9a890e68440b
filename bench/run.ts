/**
 * `npm run bench`: each case once to warm up, then five measured runs, each in its own process
 * (one worker). Prints medians with min and max (the machine is noisy), and writes the same
 * figures as JSON to bench/results/latest.json for comparison across commits. With `--floor`, each
 * one-worker row is also read against the least search over the same model (`floor.ts`).
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchCases, type BenchCase } from './cases.js';
import { calibrate } from './calibrate.js';

const RUNS = 5;
const here = dirname(fileURLToPath(import.meta.url));
const child = join(here, 'child.js');
const floorChild = join(here, 'floor.js');

interface Sample {
  model: string;
  complete: boolean;
  distinct: number;
  generated: number;
  depth: number;
  elapsedMs: number;
  storeBytesPerState: number;
  peakRssBytes: number;
  collisionProbability?: number;
}

/**
 * glibc's documented tunable that makes malloc ask for transparent huge pages (on kernels where
 * THP is in `madvise` mode): the visited table is read at random, and with 4 KiB pages most of
 * those reads also miss the TLB. `npm run check` sets the same.
 */
const HUGE_PAGES = 'glibc.malloc.hugetlb=1';
const childEnv = { ...process.env, GLIBC_TUNABLES: process.env.GLIBC_TUNABLES ? `${process.env.GLIBC_TUNABLES}:${HUGE_PAGES}` : HUGE_PAGES };

function runOnce(c: BenchCase, workers: number): Sample {
  const args = ['--max-old-space-size=16384', child, c.entry, JSON.stringify(c.config), JSON.stringify(c.options ?? {}), String(workers)];
  const text = execFileSync(process.execPath, args, { encoding: 'utf8', env: childEnv, maxBuffer: 1 << 24 });
  return JSON.parse(text.trim().split('\n').pop()!) as Sample;
}

const execFileAsync = promisify(execFile);

/**
 * Two one-worker runs of `c` started together in separate processes: nothing is shared, so their
 * combined rate is the most two workers could reach on this machine (the cores share caches,
 * memory bandwidth and, on a virtual machine, a host). Returns the combined distinct states per
 * second: both runs' states over the slower run's time.
 */
async function runPair(c: BenchCase): Promise<number> {
  const args = ['--max-old-space-size=16384', child, c.entry, JSON.stringify(c.config), JSON.stringify(c.options ?? {}), '1'];
  const one = () => execFileAsync(process.execPath, args, { encoding: 'utf8', env: childEnv, maxBuffer: 1 << 24 });
  const outs = await Promise.all([one(), one()]);
  const samples = outs.map((o) => JSON.parse(o.stdout.trim().split('\n').pop()!) as Sample);
  return ((samples[0].distinct + samples[1].distinct) * 1000) / Math.max(samples[0].elapsedMs, samples[1].elapsedMs);
}

/**
 * One run of `floor.ts` on `c`, sized for `distinct` states: its distinct states per second.
 * Throws when it finds another state count than the checker, which would make it no yardstick.
 */
function runFloor(c: BenchCase, distinct: number): number {
  const args = ['--max-old-space-size=16384', floorChild, c.entry, JSON.stringify(c.config), String(distinct)];
  const out = JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8', env: childEnv }).trim().split('\n').pop()!) as Sample;
  if (out.distinct !== distinct) throw new Error(`bench: the least search of ${c.label} found ${out.distinct} states, the checker ${distinct}`);
  return (out.distinct * 1000) / out.elapsedMs;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** A median with the smallest and largest sample. */
interface Spread {
  median: number;
  min: number;
  max: number;
}
const spread = (xs: number[]): Spread => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs) });

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const before = calibrate();
process.stdout.write(`machine calibration before: ${before.cpuMs} ms processor loop, ${before.memoryMs} ms random reads (lower is faster)\n`);
const args = process.argv.slice(2);
const large = args.includes('--large');
const floor = args.includes('--floor');
const only = args.filter((a) => a !== '--large' && a !== '--floor');
const rows = [];
for (const c of benchCases) for (const workers of c.large ? [1] : [1, 2]) {
  if (c.large && !large) continue;
  if (only.length > 0 && !only.some((o) => c.label.includes(o))) continue;
  const runs = c.runs ?? RUNS;
  process.stderr.write(`bench: ${c.label}, ${workers} worker(s):`);
  if (runs > 1) {
    process.stderr.write(' warm-up');
    runOnce(c, workers);
  }
  const samples: Sample[] = [];
  for (let i = 0; i < runs; i++) {
    process.stderr.write(` ${i + 1}`);
    samples.push(runOnce(c, workers));
  }
  process.stderr.write('\n');
  const rates = samples.map((s) => (s.distinct * 1000) / s.elapsedMs);
  const genRates = samples.map((s) => (s.generated * 1000) / s.elapsedMs);
  const rss = samples.map((s) => s.peakRssBytes / s.distinct);
  const row = {
    label: c.label,
    model: samples[0].model,
    complete: samples.every((s) => s.complete),
    distinct: samples[0].distinct,
    generated: samples[0].generated,
    depth: samples[0].depth,
    workers,
    distinctPerSecond: spread(rates),
    generatedPerSecond: spread(genRates),
    peakRssBytesPerState: spread(rss),
    storeBytesPerState: samples[0].storeBytesPerState,
    fingerprint: c.options?.fingerprint === true,
    collisionProbability: samples[0].collisionProbability,
    runs,
    elapsedMs: samples.map((s) => Math.round(s.elapsedMs)),
    /** One-worker rows: two independent one-worker runs at once, their combined rate over this row's median. */
    twoProcessesCeiling: undefined as Spread | undefined,
    /** One-worker rows with `--floor`: the least search's distinct states per second (`floor.ts`). */
    leastSearch: undefined as Spread | undefined,
  };
  if (workers === 1 && !c.large) {
    // The machine's ceiling for two workers, to read the two-worker row against.
    process.stderr.write(`bench: ${c.label}, two one-worker processes at once:`);
    const pairRates: number[] = [];
    for (let i = 0; i < runs; i++) {
      process.stderr.write(` ${i + 1}`);
      pairRates.push(await runPair(c));
    }
    process.stderr.write('\n');
    const ratios = pairRates.map((r) => r / row.distinctPerSecond.median);
    row.twoProcessesCeiling = spread(ratios);
  }
  if (floor && workers === 1 && c.options?.fingerprint !== true && !c.large) {
    process.stderr.write(`bench: ${c.label}, the least search: warm-up`);
    runFloor(c, row.distinct);
    const floorRates: number[] = [];
    for (let i = 0; i < runs; i++) {
      process.stderr.write(` ${i + 1}`);
      floorRates.push(runFloor(c, row.distinct));
    }
    process.stderr.write('\n');
    row.leastSearch = spread(floorRates);
  }
  rows.push(row);
  process.stdout.write(
    `${row.label.padEnd(48)} ${String(workers).padStart(1)}w ${fmt(row.distinct).padStart(11)} states  depth ${String(row.depth).padStart(3)}  ` +
      `${fmt(row.distinctPerSecond.median).padStart(10)} distinct/s (min ${fmt(row.distinctPerSecond.min)}, max ${fmt(row.distinctPerSecond.max)})  ` +
      `${fmt(row.generatedPerSecond.median).padStart(10)} generated/s  ` +
      `${row.peakRssBytesPerState.median.toFixed(1)} B/state peak RSS, ${row.storeBytesPerState.toFixed(1)} B/state store` +
      (row.complete ? '' : ' (stopped by its state bound)') +
      (row.collisionProbability !== undefined ? `, collision estimate ${row.collisionProbability.toExponential(1)}` : '') +
      (row.twoProcessesCeiling !== undefined
        ? `\n${''.padEnd(48)}    two independent one-worker processes at once: ${row.twoProcessesCeiling.median.toFixed(2)}× this rate ` +
          `(min ${row.twoProcessesCeiling.min.toFixed(2)}, max ${row.twoProcessesCeiling.max.toFixed(2)}), the ceiling for two workers`
        : '') +
      (row.leastSearch !== undefined
        ? `\n${''.padEnd(48)}    the least search (no properties, traces, growth or purity check): ${fmt(row.leastSearch.median)} distinct/s ` +
          `(min ${fmt(row.leastSearch.min)}, max ${fmt(row.leastSearch.max)}); the checker runs at ` +
          `${((100 * row.distinctPerSecond.median) / row.leastSearch.median).toFixed(0)}% of it`
        : '') +
      '\n',
  );
}
const after = calibrate();
process.stdout.write(`machine calibration after:  ${after.cpuMs} ms processor loop, ${after.memoryMs} ms random reads\n`);
const outFile = join(here, '..', '..', 'bench', 'results', 'latest.json');
mkdirSync(dirname(outFile), { recursive: true });
// A run of some cases (a filter, or --large) updates their rows and keeps the others' figures.
const kept: { label: string; workers: number }[] = [];
if ((only.length > 0 || large) && existsSync(outFile)) {
  const previous = JSON.parse(readFileSync(outFile, 'utf8')) as { cases?: { label: string; workers: number }[] };
  for (const row of previous.cases ?? []) if (!rows.some((r) => r.label === row.label && r.workers === row.workers)) kept.push(row);
}
writeFileSync(outFile + '.tmp', JSON.stringify({ node: process.version, date: new Date().toISOString(), runs: RUNS, calibration: { before, after }, cases: [...kept, ...rows] }, null, 2));
renameSync(outFile + '.tmp', outFile);
process.stdout.write(`wrote ${outFile}\n`);
