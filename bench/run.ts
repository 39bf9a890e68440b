/**
 * `npm run bench`: each case once to warm up, then five measured rounds, each run in its own
 * process. A round runs the case with one worker, with two, and as two one-worker processes at
 * once, so that the machine's drift touches every figure of a round alike; ratios are taken
 * within a round. Prints medians with min and max (the machine is noisy), and writes the same
 * figures as JSON to bench/results/latest.json for comparison across commits, with each case's
 * transitions, deadlock states and per-level states and transitions. A case with symmetry reduction
 * runs instead, in each round, with the reduction and without it (one worker each: the reduction
 * refuses workers), and its row compares the two runs: distinct states, time and verdicts. A case
 * marked `floor` also runs, in each round, the floor and the floor with duties (bench/floor.ts),
 * each in a fresh process, over the states of that round's one-worker run; its one-worker row
 * gives `check`'s rate over the floor with duties' rate and the duties' cost, round by round.
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchCases, floorRefusal, type BenchCase } from './cases.js';
import { calibrate } from './calibrate.js';

const RUNS = 5;
const here = dirname(fileURLToPath(import.meta.url));
const child = join(here, 'child.js');
const floorScript = join(here, 'floor.js');
/** The goal for `check`'s one-worker rate over the floor with duties' rate (issue 19). */
const FLOOR_GOAL = 0.9;

interface Sample {
  model: string;
  complete: boolean;
  distinct: number;
  generated: number;
  depth: number;
  initial: number;
  transitions: number;
  deadlocks: number;
  /** Per breadth-first level: its states and the transitions generated from them. */
  levels: { states: number; transitions: number }[];
  elapsedMs: number;
  /** The analyses after the search (`neverStuck`, liveness), when the model has such properties (not in `elapsedMs`). */
  analysisMs?: number;
  storeBytesPerState: number;
  peakRssBytes: number;
  collisionProbability?: number;
  /** Under symmetry reduction: the renamings of the threads the model's groups allow. */
  permutations?: number;
  /** Each property's verdict status, by property name. */
  verdicts: Record<string, string>;
  /** The properties symmetry reduction leaves unknown by design (`neverStuck`, liveness). */
  notDecided: string[];
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
 * memory bandwidth and, on a virtual machine, a host). Returns the sum of the two runs' distinct
 * states per second. One run often ends a quarter after the other, and then runs alone for a
 * while, so the sum may count a little more than both cores give at once; dividing both runs'
 * states by the later one's time counted far less.
 */
async function runPair(c: BenchCase): Promise<number> {
  const args = ['--max-old-space-size=16384', child, c.entry, JSON.stringify(c.config), JSON.stringify(c.options ?? {}), '1'];
  const one = () => execFileAsync(process.execPath, args, { encoding: 'utf8', env: childEnv, maxBuffer: 1 << 24 });
  const outs = await Promise.all([one(), one()]);
  const samples = outs.map((o) => JSON.parse(o.stdout.trim().split('\n').pop()!) as Sample);
  return rate(samples[0]) + rate(samples[1]);
}

/**
 * A one-worker run of `c` told the count of `sample` (a one-worker run of it) up front, as the
 * floor is. Throws when it searched other
 * states than `sample` (the count does not change the search: a difference is a bug, and its
 * ratio would be the rate of other work).
 */
function toldRun(c: BenchCase, sample: Sample): Sample {
  const told = runOnce({ ...c, options: { ...c.options, expectedStates: sample.distinct } }, 1);
  if (told.distinct !== sample.distinct || told.generated !== sample.generated) {
    throw new Error(`bench: ${c.label}: told its count, check counted ${told.distinct} distinct and ${told.generated} generated states, untold ${sample.distinct} and ${sample.generated}, so no ratio is printed`);
  }
  return told;
}

/** One floor run's line (bench/floor.ts). */
interface FloorLine {
  distinct: number;
  generated: number;
  elapsedMs: number;
}

/** What the bench keeps of one floor run: its distinct states per second and its time. */
interface FloorRun {
  rate: number;
  elapsedMs: number;
}

/**
 * The floor of `c` (with its duties or without) in a fresh process, over the states `sample` (a
 * one-worker `check` of `c`) counted: its distinct states per second. Throws when the floor did
 * not search what `check` searched (other distinct or generated counts), since its rate would
 * then be the rate of other work.
 */
function runFloor(c: BenchCase, sample: Sample, duties: boolean): FloorRun {
  if (!sample.complete) throw new Error(`bench: ${c.label}: the one-worker run stopped early, so it gives the floor no state count`);
  const args = ['--max-old-space-size=16384', floorScript, c.entry, JSON.stringify(c.config), String(sample.distinct), '1', ...(duties ? ['--duties'] : [])];
  let text: string;
  try {
    text = execFileSync(process.execPath, args, { encoding: 'utf8', env: childEnv, maxBuffer: 1 << 24, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const stderr = (e as { stderr?: string }).stderr?.trim();
    throw new Error(`bench: ${c.label}: the floor${duties ? ' with duties' : ''} failed, so no ratio is printed: ${stderr || String(e)}`);
  }
  const run = JSON.parse(text.trim().split('\n').pop()!) as FloorLine;
  if (run.distinct !== sample.distinct || run.generated !== sample.generated) {
    throw new Error(
      `bench: ${c.label}: the floor${duties ? ' with duties' : ''} counted ${run.distinct} distinct and ${run.generated} generated states, ` +
        `check ${sample.distinct} and ${sample.generated}: they did not search the same graph, so no ratio is printed`,
    );
  }
  return { rate: (run.distinct * 1000) / run.elapsedMs, elapsedMs: run.elapsedMs };
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
/** Distinct states per second of one run. */
const rate = (s: Sample) => (s.distinct * 1000) / s.elapsedMs;
const spread = (xs: number[]): Spread => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs) });

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const before = calibrate();
process.stdout.write(`machine calibration before: ${before.cpuMs} ms processor loop, ${before.memoryMs} ms random reads (lower is faster)\n`);
const args = process.argv.slice(2);
const large = args.includes('--large');
const only = args.filter((a) => a !== '--large');
/** The figures of one row (one case at one worker count) from its samples. */
function makeRow(c: BenchCase, workers: number, samples: Sample[]) {
  return {
    label: c.label,
    model: samples[0].model,
    complete: samples.every((s) => s.complete),
    distinct: samples[0].distinct,
    generated: samples[0].generated,
    depth: samples[0].depth,
    initial: samples[0].initial,
    transitions: samples[0].transitions,
    deadlocks: samples[0].deadlocks,
    levels: samples[0].levels,
    workers,
    distinctPerSecond: spread(samples.map(rate)),
    generatedPerSecond: spread(samples.map((s) => (s.generated * 1000) / s.elapsedMs)),
    peakRssBytesPerState: spread(samples.map((s) => s.peakRssBytes / s.distinct)),
    storeBytesPerState: samples[0].storeBytesPerState,
    fingerprint: c.options?.fingerprint === true,
    collisionProbability: samples[0].collisionProbability,
    runs: samples.length,
    elapsedMs: samples.map((s) => Math.round(s.elapsedMs)),
    /** The analyses after each search (`neverStuck`, liveness), when they ran: a user waits for them too. */
    analysisMs: samples[0].analysisMs === undefined ? undefined : spread(samples.map((s) => s.analysisMs ?? 0)),
    /** Two-worker rows: this rate over the one-worker run of the same round. */
    overOneWorker: undefined as Spread | undefined,
    /** One-worker rows: two independent one-worker runs at once, their summed rate over the one-worker run of the same round. */
    twoProcessesCeiling: undefined as Spread | undefined,
  };
}
type Row = ReturnType<typeof makeRow> & { symmetry?: SymmetryComparison } & Partial<FloorComparison>;

/** A floor case's one-worker row against the floor (bench/floor.ts) run in the same rounds. */
interface FloorComparison {
  /** `check`'s one-worker rate over the floor with duties' rate, round by round. */
  floorRatio: Spread;
  /**
   * The same for `check` told the round's count up front (`expectedStates`): the floor is sized
   * from that count, so this compares the two with the same knowledge, and the difference from
   * {@link floorRatio} is what growing the table costs `check`.
   */
  floorRatioTold: Spread;
  /** The goal for `floorRatio`. */
  floorGoal: number;
  /** The floor with duties' rate over the plain floor's, round by round: what the duties cost. */
  dutiesRatio: Spread;
  /** The floor's distinct states per second. */
  floorDistinctPerSecond: Spread;
  /** The floor with duties' distinct states per second. */
  floorWithDutiesDistinctPerSecond: Spread;
  /** The floor runs, one per round (ms). */
  floorElapsedMs: number[];
  /** The floor with duties runs, one per round (ms). */
  floorWithDutiesElapsedMs: number[];
  /** The runs of `check` told the count, one per round (ms). */
  toldElapsedMs: number[];
}

/** A property whose verdict status under symmetry reduction is not its status without it. */
interface VerdictDifference {
  property: string;
  without: string;
  with: string;
}

/** A symmetry row's comparison with the same case searched without the reduction, in the same rounds. */
interface SymmetryComparison {
  /** Distinct states without the reduction (the row's `distinct` counts orbits). */
  distinctWithout: number;
  /** `distinctWithout` over the row's `distinct`, unrounded. */
  stateRatio: number;
  /** The renamings the model's groups allow: `stateRatio` is at most this, reached when no state is its own image under a renaming other than the identity. */
  permutations?: number;
  /** The search's time without the reduction over its time with it, round by round. */
  timeRatio: Spread;
  /** Every property whose verdict differs between the two runs of a round, other than those in `notDecided`: a finding. */
  verdictsDiffer: VerdictDifference[];
  /** The properties the reduction leaves unknown by design (`neverStuck`, liveness), decided only without it. */
  notDecided: string[];
  /** The searches without the reduction, one per round (ms). */
  elapsedMsWithout: number[];
  /** The analyses after the searches without the reduction (`neverStuck`, liveness), which the reduced runs skip. */
  analysisMsWithout?: Spread;
}

const ratio = (xs: Spread | undefined, text: (x: Spread) => string) => (xs === undefined ? '' : `\n${''.padEnd(52)}${text(xs)}`);
const times = (x: Spread) => `${x.median.toFixed(2)}× (min ${x.min.toFixed(2)}, max ${x.max.toFixed(2)})`;

function printRow(row: Row): void {
  process.stdout.write(
    `${row.label.padEnd(48)} ${String(row.workers).padStart(1)}w ${fmt(row.distinct).padStart(11)} states  depth ${String(row.depth).padStart(3)}  ` +
      `${fmt(row.transitions).padStart(11)} transitions  ${fmt(row.deadlocks)} deadlock states  ` +
      `${fmt(row.distinctPerSecond.median).padStart(10)} distinct/s (min ${fmt(row.distinctPerSecond.min)}, max ${fmt(row.distinctPerSecond.max)})  ` +
      `${fmt(row.generatedPerSecond.median).padStart(10)} generated/s  ` +
      `${row.peakRssBytesPerState.median.toFixed(1)} B/state peak RSS, ${row.storeBytesPerState.toFixed(1)} B/state store` +
      (row.complete ? '' : ' (stopped by its state bound)') +
      (row.collisionProbability !== undefined ? `, collision estimate ${row.collisionProbability.toExponential(1)}` : '') +
      (row.analysisMs !== undefined ? `, then ${fmt(row.analysisMs.median)} ms (min ${fmt(row.analysisMs.min)}, max ${fmt(row.analysisMs.max)}) of analysis (neverStuck, liveness)` : '') +
      ratio(row.overOneWorker, (x) => `${times(x)} the one-worker rate, round by round`) +
      ratio(row.twoProcessesCeiling, (x) => `two independent one-worker processes at once: ${times(x)} this rate, the ceiling for two workers`) +
      (row.symmetry !== undefined ? symmetryLines(row.symmetry) : '') +
      (row.floorRatio !== undefined ? floorLines(row as FloorComparison) : '') +
      '\n',
  );
}

/** `a[i] / b[i]` for each round `i`. */
const perRound = (a: number[], b: number[]) => spread(a.map((x, i) => x / b[i]));

/** Compares the one-worker runs of some rounds with the floor runs of the same rounds. */
function compareFloor(one: Sample[], told: Sample[], floor: FloorRun[], duties: FloorRun[]): FloorComparison {
  return {
    floorRatio: perRound(one.map(rate), duties.map((d) => d.rate)),
    floorRatioTold: perRound(told.map(rate), duties.map((d) => d.rate)),
    floorGoal: FLOOR_GOAL,
    dutiesRatio: perRound(
      duties.map((d) => d.rate),
      floor.map((f) => f.rate),
    ),
    floorDistinctPerSecond: spread(floor.map((f) => f.rate)),
    floorWithDutiesDistinctPerSecond: spread(duties.map((d) => d.rate)),
    floorElapsedMs: floor.map((f) => Math.round(f.elapsedMs)),
    floorWithDutiesElapsedMs: duties.map((d) => Math.round(d.elapsedMs)),
    toldElapsedMs: told.map((s) => Math.round(s.elapsedMs)),
  };
}

const share = (x: Spread) => `${x.median.toFixed(2)} (min ${x.min.toFixed(2)}, max ${x.max.toFixed(2)})`;

/** The lines a floor case adds under its one-worker row. */
function floorLines(x: FloorComparison): string {
  const indent = `\n${''.padEnd(52)}`;
  return (
    `${indent}check at ${share(x.floorRatio)} of the floor with duties (goal ${x.floorGoal}), round by round` +
    (x.floorRatio.median < x.floorGoal ? ': the median is below the goal' : '') +
    `${indent}check told the count up front (expectedStates, as the floor's table is sized): ${share(x.floorRatioTold)} of it` +
    (x.floorRatioTold.median < x.floorGoal ? ': the median is below the goal' : '') +
    `${indent}floor ${fmt(x.floorDistinctPerSecond.median)} distinct/s (min ${fmt(x.floorDistinctPerSecond.min)}, max ${fmt(x.floorDistinctPerSecond.max)}), ` +
    `with duties ${fmt(x.floorWithDutiesDistinctPerSecond.median)} (min ${fmt(x.floorWithDutiesDistinctPerSecond.min)}, max ${fmt(x.floorWithDutiesDistinctPerSecond.max)}); ` +
    `the duties take the floor to ${share(x.dutiesRatio)} of its rate`
  );
}

/** Compares the runs with symmetry reduction (`reduced`) with those without it (`full`) of the same rounds. */
function compareSymmetry(reduced: Sample[], full: Sample[]): SymmetryComparison {
  const notDecided = [...new Set(reduced.flatMap((s) => s.notDecided))];
  const differ = new Map<string, VerdictDifference>();
  reduced.forEach((r, i) => {
    const names = new Set([...Object.keys(full[i].verdicts), ...Object.keys(r.verdicts)]);
    for (const property of names) {
      const d = { property, without: full[i].verdicts[property] ?? 'absent', with: r.verdicts[property] ?? 'absent' };
      if (d.without !== d.with && !notDecided.includes(property)) differ.set(JSON.stringify(d), d);
    }
  });
  return {
    distinctWithout: full[0].distinct,
    stateRatio: full[0].distinct / reduced[0].distinct,
    permutations: reduced[0].permutations,
    timeRatio: perRound(
      full.map((s) => s.elapsedMs),
      reduced.map((s) => s.elapsedMs),
    ),
    verdictsDiffer: [...differ.values()],
    notDecided,
    elapsedMsWithout: full.map((s) => Math.round(s.elapsedMs)),
    analysisMsWithout: full[0].analysisMs === undefined ? undefined : spread(full.map((s) => s.analysisMs ?? 0)),
  };
}

/** The lines a symmetry row adds to the table; a verdict that differs is printed in capitals. */
function symmetryLines(x: SymmetryComparison): string {
  const indent = `\n${''.padEnd(52)}`;
  const differ = x.verdictsDiffer.map((d) => `'${d.property}' (without: ${d.without}, with: ${d.with})`).join(', ');
  return (
    `${indent}symmetry: ${fmt(x.distinctWithout)} states without it (${x.stateRatio.toFixed(2)}× as many${x.permutations !== undefined ? `, at most ${fmt(x.permutations)}, the renamings` : ''}); ` +
    `search time without over with, per round: ${times(x.timeRatio)}` +
    (x.analysisMsWithout !== undefined ? `; without it, then ${fmt(x.analysisMsWithout.median)} ms of analysis` : '') +
    (x.notDecided.length > 0 ? `${indent}not decided under symmetry (decided without it): ${x.notDecided.map((n) => `'${n}'`).join(', ')}` : '') +
    (x.verdictsDiffer.length > 0 ? `${indent}!!! VERDICTS DIFFER WITH AND WITHOUT SYMMETRY: ${differ}` : `${indent}every ${x.notDecided.length > 0 ? 'other ' : ''}verdict the same with and without symmetry`)
  );
}

// A case that cannot be compared with the floor is a mistake in cases.ts: say so before any run.
for (const c of benchCases) {
  const refused = floorRefusal(c);
  if (refused !== undefined) throw new Error(refused);
}
const rows: Row[] = [];
for (const c of benchCases) {
  if (c.large && !large) continue;
  if (only.length > 0 && !only.some((o) => c.label.includes(o))) continue;
  const runs = c.runs ?? RUNS;
  // Symmetry reduction works with one worker only: its case runs instead without the reduction.
  const symmetric = c.options?.symmetry === true;
  const parallel = !c.large && !symmetric;
  const unreduced: BenchCase | undefined = symmetric ? { ...c, options: { ...c.options, symmetry: false } } : undefined;
  const withFloor = c.floor === true;
  // Each round takes every measurement of the case once, so that the machine's drift (its random
  // reads slow down by up to half within minutes) touches them alike, and ratios are taken
  // within a round.
  process.stderr.write(`bench: ${c.label}:`);
  if (runs > 1) {
    process.stderr.write(' warm-up');
    const warm = runOnce(c, 1);
    if (withFloor) {
      toldRun(c, warm);
      runFloor(c, warm, false);
      runFloor(c, warm, true);
    }
    if (parallel) runOnce(c, 2);
    if (unreduced) runOnce(unreduced, 1);
  }
  const one: Sample[] = [];
  const two: Sample[] = [];
  const pairs: number[] = [];
  const full: Sample[] = [];
  const floor: FloorRun[] = [];
  const floorDuties: FloorRun[] = [];
  const told: Sample[] = [];
  for (let i = 0; i < runs; i++) {
    process.stderr.write(` ${i + 1}`);
    one.push(runOnce(c, 1));
    // The floor counts the states of this round's one-worker run, and must count the same.
    if (withFloor) {
      told.push(toldRun(c, one[i]));
      floor.push(runFloor(c, one[i], false));
      floorDuties.push(runFloor(c, one[i], true));
    }
    if (unreduced) full.push(runOnce(unreduced, 1));
    if (parallel) {
      two.push(runOnce(c, 2));
      pairs.push(await runPair(c));
    }
  }
  process.stderr.write('\n');
  const oneRates = one.map(rate);
  const oneRow: Row = makeRow(c, 1, one);
  if (unreduced) {
    oneRow.symmetry = compareSymmetry(one, full);
    if (oneRow.symmetry.verdictsDiffer.length > 0) {
      process.stderr.write(`bench: ${c.label}: VERDICTS DIFFER with and without symmetry: ${JSON.stringify(oneRow.symmetry.verdictsDiffer)}\n`);
      process.exitCode = 1;
    }
  }
  if (withFloor) Object.assign(oneRow, compareFloor(one, told, floor, floorDuties));
  const caseRows = [oneRow];
  if (parallel) {
    oneRow.twoProcessesCeiling = perRound(pairs, oneRates);
    const twoRow = makeRow(c, 2, two);
    twoRow.overOneWorker = perRound(two.map(rate), oneRates);
    caseRows.push(twoRow);
  }
  for (const row of caseRows) {
    rows.push(row);
    printRow(row);
  }
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
