/**
 * One measured run in a fresh process, so that peak resident memory belongs to this run alone.
 * Prints one JSON line: the statistics and the peak RSS in bytes.
 */
import { findEntry } from '../model/registry/index.js';
import { check } from '../checker/check.js';

const [entryId, configJson, optionsJson] = process.argv.slice(2);
const entry = findEntry(entryId);
if (!entry) {
  process.stderr.write(`bench: unknown model '${entryId}'\n`);
  process.exit(2);
}
const model = entry.make({ ...entry.defaults, ...JSON.parse(configJson) });
const result = check(model, optionsJson ? JSON.parse(optionsJson) : {});
process.stdout.write(
  JSON.stringify({
    model: model.name,
    complete: result.complete,
    distinct: result.stats.distinct,
    generated: result.stats.generated,
    depth: result.stats.depth,
    elapsedMs: result.stats.elapsedMs,
    storeBytesPerState: result.stats.bytesPerState,
    collisionProbability: result.stats.fingerprint?.collisionProbability,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  }) + '\n',
);
