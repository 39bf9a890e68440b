/**
 * Which configurations of the registry's models the cross-check runs, and the test it runs on each
 * (issue 17, point 6): the naive explorer (`naiveExplorer.ts`, no checker code) must reproduce the
 * checker's distinct, generated and depth counts, every property's verdict, every bound's
 * largest measure and every response bound's worst case, and, for a registered run, the verdicts
 * the registry expects.
 *
 * The configurations:
 * - every registered run (`registry/index.ts`: each entry's runs, the designs × workloads pairs'
 *   from `registry/entries/designWorkloads.ts`) of at most {@link LIMIT} distinct states;
 * - the runs above it are listed in {@link OVER_LIMIT}, with their size, and not run;
 * - an entry left with no run (every run over the limit, or a pair `npm run check` skips) is run at
 *   the smaller configurations of {@link REDUCED}, made with the entry's own parameters.
 * Nothing else is left out: a registered run over the limit that is not listed, or an entry with
 * no configuration, fails the test. {@link NOT_INCLUDED} (empty) would name an entry that cannot
 * be cross-checked at all, with why.
 *
 * The limit keeps the cross-check to about a minute and a half of processor time on the 2-core
 * machines (the naive explorer takes about 100 µs per state of a composed model, 2 to 8 times the
 * checker); every run up to 100,000 states agreed when tried once by hand (186 runs, 4.5 minutes).
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.js';
import type { Config } from '../../model/core/model.js';
import { registry, SKIPPED } from '../../registry/index.js';
import type { RegistryEntry } from '../../registry/entry.js';
import { exploreNaively } from './naiveExplorer.js';

/** The most distinct states a registered run may have to be cross-checked as registered. */
export const LIMIT = 10_000;

/** Registered runs over {@link LIMIT}, by `<entry> / <run label>`, with the checker's distinct states. */
export const OVER_LIMIT: Readonly<Record<string, number>> = {
  'seL4.rpcPool / F2 replyToAnyWaiter': 12_504,
  'seL4.rpcPool / one-way senders': 39_599,
  'L4.rpcPool / finite timeouts': 52_665,
  'Fiasco.rpcPool / finite timeouts': 18_097,
  'Xen.rpcPool / default': 622_477,
  'K42.rpcPool / two server threads': 13_028,
  'seL4.nestedServer / device may never fire, two server-1 threads': 65_354,
  'seL4-MCS.nestedServer / default': 12_775,
  'seL4-MCS.nestedServer / device may never fire': 13_959,
  'seL4-MCS.nestedServer / device may never fire, two server-1 threads': 103_295,
  'L4.nestedServer / default': 29_954,
  'L4.nestedServer / device may never fire': 31_239,
  'L4.nestedServer / device may never fire, two server-1 threads': 86_278,
  'Mach.nestedServer / default': 11_377,
  'Mach.nestedServer / device may never fire': 12_210,
  'Mach.nestedServer / device may never fire, two server-1 threads': 79_496,
  'pipe.nestedServer / default': 11_377,
  'pipe.nestedServer / device may never fire': 12_210,
  'pipe.nestedServer / device may never fire, two server-1 threads': 79_496,
  'UMP.nestedServer / default': 24_479,
  'UMP.nestedServer / device may never fire': 26_065,
  'Xen.deferredReply / default': 26_048,
  'UMP.eventCascade / default': 10_029,
  'seL4.eventCascade / coalesce: notifications, drain per wakeup': 24_996,
  'Xen.eventCascade / block: rings of 2 slots, one event': 245_617,
  'Xen.eventCascade / coalesce: event channels, drain per wakeup': 23_787,
  'K42.eventCascade / coalesce: soft-interrupt bits, drain per wakeup': 24_996,
  'L4.callBack / F1, finite timeouts': 91_074,
  'Xen.callBack / default': 24_399,
  'seL4.oneWayClient / default': 12_293,
  'seL4-MCS.oneWayClient / default': 12_474,
  'Mach.oneWayClient / default': 11_472,
  'pipe.oneWayClient / default': 14_856,
  'seL4-MCS.strayMessage / default': 12_101,
  'L4.strayMessage / default': 11_781,
  'L4.strayMessage / F2 openReceiveReply, receive timeout finite': 341_350,
  'L4.strayMessage / F2 openReceiveReply': 49_266,
  'L4-long.strayMessage / default': 10_029,
  'Fiasco.strayMessage / default': 41_884,
  'Mach.strayMessage / default': 12_012,
  'pipe.strayMessage / default': 12_012,
  'UMP.strayMessage / default': 35_043,
  'K42.nestedServer / default (F1: the bystander finds no thread)': 13_770,
  'K42.nestedServer / two server-1 threads': 88_991,
  'K42.strayMessage / default (a preempted handler holds the one thread)': 15_230,
  'K42.strayMessage / ENOMEM: the failed call counts as answered': 17_146,
  'Xen.upcallPool / default': 64_896,
  'Singularity.nestedServer / default': 12_095,
  'Singularity.nestedServer / device may never fire': 13_143,
  'Singularity.strayMessage / default': 12_674,
  'Composite.nestedServer / default': 19_409,
  'Composite.nestedServer / device may never fire': 21_080,
  'Composite.nestedServer / F1 stackDepth1': 13_667,
  'Composite.nestedServer / F4 sretToChosenTarget': 16_569,
  'Composite.eventCascade / W1 F1 fan-out 2 on a cycle, one event: the counter grows (KM holds)': 93_760,
  'Composite.eventCascade / count: asnd pending counters, drain per wakeup': 16_358,
  'Composite.mutualCalls / F1 unbounded mutual recursion': 44_536,
  'Composite.componentLock / two clients contend at the blockpoint': 131_640,
  'Xen.serverFailure / default': 50_459,
};

/** Without timer preemption: the same programs, run to their next system call or block. */
const NO_PREEMPTION = { label: 'no preemption', set: { preemption: false } } as const;

/**
 * The configurations of the entries left with no run: without preemption, and where the workload
 * has a size parameter, preempted at a smaller size (between 1,000 and 10,000 states).
 */
export const REDUCED: Readonly<Record<string, readonly { readonly label: string; readonly set: Config }[]>> = {
  'Xen.rpcPool': [NO_PREEMPTION, { label: 'one client', set: { clients: 1 } }],
  'L4.nestedServer': [NO_PREEMPTION],
  'Mach.nestedServer': [NO_PREEMPTION],
  'pipe.nestedServer': [NO_PREEMPTION],
  'UMP.nestedServer': [NO_PREEMPTION],
  'Xen.nestedServer': [NO_PREEMPTION],
  'Xen.deferredReply': [NO_PREEMPTION],
  'Xen.callBack': [NO_PREEMPTION],
  'Xen.mutualCalls': [NO_PREEMPTION],
  'seL4.oneWayClient': [NO_PREEMPTION, { label: 'one server', set: { servers: 1 } }],
  'seL4-MCS.oneWayClient': [NO_PREEMPTION, { label: 'one server', set: { servers: 1 } }],
  'Mach.oneWayClient': [NO_PREEMPTION, { label: 'one server', set: { servers: 1 } }],
  'pipe.oneWayClient': [NO_PREEMPTION, { label: 'one server', set: { servers: 1 } }],
  'seL4-MCS.strayMessage': [NO_PREEMPTION],
  'L4.strayMessage': [NO_PREEMPTION],
  'L4-long.strayMessage': [NO_PREEMPTION],
  'Fiasco.strayMessage': [NO_PREEMPTION],
  'Mach.strayMessage': [NO_PREEMPTION],
  'pipe.strayMessage': [NO_PREEMPTION],
  'UMP.strayMessage': [NO_PREEMPTION],
  'Xen.strayMessage': [NO_PREEMPTION],
  'K42.nestedServer': [NO_PREEMPTION],
  'K42.strayMessage': [NO_PREEMPTION],
  'Xen.upcallPool': [NO_PREEMPTION],
  'Singularity.nestedServer': [NO_PREEMPTION],
  'Singularity.strayMessage': [NO_PREEMPTION],
  'Xen.serverFailure': [NO_PREEMPTION],
  // Skipped by `npm run check` for a stuck caller (see SKIPPED), not for its size: its defaults.
  'Xen.portQueue': [{ label: 'defaults', set: {} }],
  'Composite.nestedServer': [NO_PREEMPTION, { label: 'F4 sretToChosenTarget, no preemption', set: { mutant: 'sretToChosenTarget', preemption: false } }],
  'Composite.mutualCalls': [NO_PREEMPTION],
  'Xen.componentLock': [NO_PREEMPTION],
};

/** Registry entries that cannot be cross-checked at any configuration, with why. None. */
export const NOT_INCLUDED: Readonly<Record<string, string>> = {};

/**
 * One configuration the cross-check runs.
 *
 * @example
 * const c: CrossCheckCase = { entry: dieHardEntry, label: 'default', set: {}, expect: { … } };
 */
export interface CrossCheckCase {
  readonly entry: RegistryEntry;
  readonly label: string;
  readonly set: Config;
  /** A registered run's expected verdicts (absent for a {@link REDUCED} configuration). */
  readonly expect?: Readonly<Record<string, string>>;
}

/**
 * Every configuration the cross-check runs, in registry order.
 *
 * @example
 * crossCheckCases().filter((c) => c.entry.id === 'dieHard').map((c) => c.label); // ['default', 'target=6']
 */
export function crossCheckCases(): CrossCheckCase[] {
  const cases: CrossCheckCase[] = [];
  for (const entry of registry) {
    for (const run of entry.runs) {
      if (`${entry.id} / ${run.label}` in OVER_LIMIT) continue;
      // A run whose model is rejected before any search (Singularity's ill-formed contracts) has no states to compare.
      if (run.rejected !== undefined) continue;
      cases.push({ entry, label: run.label, set: run.set, expect: run.expect });
    }
    for (const reduced of REDUCED[entry.id] ?? []) cases.push({ entry, label: reduced.label, set: reduced.set });
  }
  return cases;
}

/** The verdicts of a check, by property name, a growth witness counted as the violation it is. */
function statuses(verdicts: Readonly<Record<string, { readonly status: string }>>): Record<string, string> {
  return Object.fromEntries(Object.entries(verdicts).map(([name, v]) => [name, v.status === 'unbounded' ? 'violated' : v.status]));
}

/**
 * Declares the cross-check tests of shard `shard` of `shards` (the cases split round-robin, so that
 * test files running side by side share the work), and in shard 0 the test that the cases cover
 * every registry entry.
 *
 * @example
 * describeCrossCheck(0, 2); // in one test file; describeCrossCheck(1, 2) in another
 */
export function describeCrossCheck(shard: number, shards: number): void {
  const cases = crossCheckCases();
  describe(`the naive explorer agrees with the checker on the registry's models (part ${shard + 1} of ${shards})`, () => {
    if (shard === 0) {
      it('covers every registry entry, and lists exactly the runs and entries it leaves out', () => {
        const covered = new Set(cases.map((c) => c.entry.id));
        expect(registry.filter((e) => !covered.has(e.id) && !(e.id in NOT_INCLUDED)).map((e) => e.id)).toEqual([]);
        const registered = new Set(registry.flatMap((e) => e.runs.map((r) => `${e.id} / ${r.label}`)));
        expect(Object.keys(OVER_LIMIT).filter((k) => !registered.has(k))).toEqual([]);
        const leftWithNoRun = registry.filter((e) => e.runs.every((r) => `${e.id} / ${r.label}` in OVER_LIMIT)).map((e) => e.id);
        expect(Object.keys(REDUCED).sort()).toEqual(leftWithNoRun.sort());
        // A pair `npm run check` skips at its defaults is covered by its smaller registered runs or by REDUCED.
        for (const id of Object.keys(SKIPPED)) expect(covered.has(id), id).toBe(true);
      });
    }
    cases.forEach((c, i) => {
      if (i % shards !== shard) return;
      const config = Object.entries(c.set).map(([k, v]) => `${k}=${v}`).join(',');
      it(`${c.entry.id} / ${c.label}${config ? ` (${config})` : ''}: the same counts and verdicts`, () => {
        const model = c.entry.make({ ...c.entry.defaults, ...c.set });
        const r = check(model, { maxStates: LIMIT });
        expect(r.complete, `${c.entry.id} / ${c.label} has more than ${LIMIT} states: list it in OVER_LIMIT`).toBe(true);
        const naive = exploreNaively(model, LIMIT);
        expect({ distinct: naive.distinct, generated: naive.generated, depth: naive.depth }).toEqual({
          distinct: r.stats.distinct,
          generated: r.stats.generated,
          depth: r.stats.depth,
        });
        expect(naive.verdicts).toEqual(statuses(r.verdicts));
        for (const [name, bound] of Object.entries(naive.bounds)) expect(r.verdicts[name], name).toHaveProperty('bound', bound);
        for (const [name, max] of Object.entries(naive.maxReached)) {
          // A growth witness carries rounds replayed past the search, not the search's largest measure.
          if (r.verdicts[name].status !== 'unbounded') expect(r.verdicts[name], name).toHaveProperty('maxReached', max);
        }
        if (c.expect !== undefined) expect(naive.verdicts).toEqual(statuses(Object.fromEntries(Object.entries(c.expect).map(([n, s]) => [n, { status: s }]))));
      }, 120_000);
    });
  });
}
