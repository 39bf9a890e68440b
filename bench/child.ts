/**
 * One measured run in a fresh process, so that peak resident memory belongs to this run alone.
 * Prints one JSON line: the statistics, the peak RSS in bytes, under symmetry reduction the number
 * of renamings, each property's verdict status by name, and the properties that symmetry reduction left undecided by design (`neverStuck` and
 * liveness: unknown with the reason the checker gives for them).
 */
import { findEntry, registrySpec } from '../registry/index.js';
import { check } from '../checker/check.js';
import { checkParallel } from '../checker/parallel/checkParallel.js';
import { LIVENESS_UNDER_SYMMETRY, STUCK_UNDER_SYMMETRY } from '../checker/symmetry/undecided.js';

const [entryId, configJson, optionsJson, workersArg] = process.argv.slice(2);
const workers = Number(workersArg ?? 1);
const entry = findEntry(entryId);
if (!entry) {
  process.stderr.write(`bench: unknown model '${entryId}'\n`);
  process.exit(2);
}
const config = { ...entry.defaults, ...JSON.parse(configJson) };
const model = entry.make(config);
const options = optionsJson ? JSON.parse(optionsJson) : {};
const result = workers > 1 ? await checkParallel(registrySpec(entryId, config), { ...options, workers }) : check(model, options);
const undecidedBySymmetry = new Set<string | undefined>([STUCK_UNDER_SYMMETRY, LIVENESS_UNDER_SYMMETRY]);
process.stdout.write(
  JSON.stringify({
    model: model.name,
    complete: result.complete,
    distinct: result.stats.distinct,
    generated: result.stats.generated,
    depth: result.stats.depth,
    initial: result.stats.initial,
    transitions: result.stats.transitions,
    deadlocks: result.stats.deadlocks,
    levels: result.stats.levels,
    elapsedMs: result.stats.elapsedMs,
    analysisMs: result.stats.analysisMs,
    storeBytesPerState: result.stats.bytesPerState,
    collisionProbability: result.stats.fingerprint?.collisionProbability,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    permutations: result.stats.symmetry?.permutations,
    verdicts: Object.fromEntries(result.properties.map((p) => [p.name, p.verdict.status])),
    notDecided: result.properties.filter((p) => p.verdict.status === 'unknown' && undecidedBySymmetry.has(p.verdict.reason)).map((p) => p.name),
  }) + '\n',
);
