/**
 * The benchmark cases: scalable reference models from about 10^5 to 5·10^6 states.
 */
import type { Config } from '../model/core/model.js';

/**
 * One benchmark case: a registry model at one configuration.
 *
 * @example
 * const c: BenchCase = { label: 'dining asym n=11', entry: 'dining', config: { n: 11, lefty0: true } };
 */
export interface BenchCase {
  readonly label: string;
  readonly entry: string;
  readonly config: Config;
  /**
   * Check options: fingerprint mode, a state bound, the share of states re-expanded to check
   * determinism, symmetry reduction. A case with `symmetry` is measured with and without it in
   * the same rounds, one worker each (the reduction refuses workers and fingerprint mode), and
   * its row compares the two: distinct states, time and verdicts.
   */
  readonly options?: { readonly fingerprint?: boolean; readonly maxStates?: number; readonly reexpandEvery?: number; readonly symmetry?: boolean; readonly expectedStates?: number };
  /** Measured runs (default 5); a case with one run gets no warm-up either. */
  readonly runs?: number;
  /** Runs only with `npm run bench -- --large` (minutes, gigabytes). */
  readonly large?: boolean;
  /**
   * Also times the floor (bench/floor.ts) in every round: the floor and the floor with duties,
   * each in a fresh process, with the distinct states of the round's one-worker run. The
   * one-worker row then gives `check`'s rate over the floor with duties' rate and the duties'
   * cost, both taken round by round, and the same ratio for `check` told that count up front
   * (`expectedStates`, run in each round too), since the floor's table is sized from it. Only for an exact, complete search without symmetry
   * reduction, which is the search the floor does (see `floorRefusal`).
   */
  readonly floor?: boolean;
}

/**
 * Why the floor cannot be measured beside `c`, or `undefined` when it can (or `c` does not ask
 * for it). The floor searches every state exactly, so a case compared with it must do the same:
 * no fingerprints, no state bound, no symmetry reduction, and not a `--large` run.
 *
 * @example
 * floorRefusal({ label: 'x', entry: 'l4Ipc', config: {}, floor: true }); // undefined
 * floorRefusal({ label: 'x', entry: 'l4Ipc', config: {}, floor: true, options: { symmetry: true } }); // '… symmetry reduction …'
 */
export function floorRefusal(c: BenchCase): string | undefined {
  if (c.floor !== true) return undefined;
  const o = c.options ?? {};
  const why = [
    o.fingerprint === true ? 'fingerprint mode' : undefined,
    o.maxStates !== undefined ? 'a state bound' : undefined,
    o.symmetry === true ? 'symmetry reduction' : undefined,
    c.large === true ? 'a --large run' : undefined,
  ].filter((w) => w !== undefined);
  return why.length === 0 ? undefined : `bench case '${c.label}' asks for the floor but uses ${why.join(' and ')}; the floor is an exact search of every state, so it compares only with one`;
}

/**
 * The cases `npm run bench` runs, smallest first. Dining philosophers with philosopher 0 reversed
 * (deadlock free, so every search is complete) from 10^5 to 10^7 states: 85,926 (n=9), 1,089,942
 * (n=11, TLC's figure), 3,881,886 (n=12) and 13,825,542 (n=13) distinct states; then the L4 IPC
 * reference model at TLC's C=5 S=2 R=2 P=2 (1,306,271 states; its rounds also time the floor), again without the determinism
 * re-expansions (`reexpandEvery: 0`), fingerprint mode at 3.9·10^6
 * and (with `--large`) at 10^8 and 10^9 states; then IPC designs running rpcPool: M1 L4 (C=3 S=2 R=2)
 * 1,872,340, M3 seL4 (C=3 S=2 R=2) 8,470,890, M6 Fiasco (C=3 R=2) 2,793,907 (until 2026-12-05
 * C=3 R=1, 168,343 states: a search of half a second, shorter than two workers take to start),
 * and the server pool 2,165,152.
 * The IPC designs carry the liveness property 'every call is answered' since that day: their
 * searches record every transition for it, and the analysis after them is reported apart.
 * Last, symmetry reduction (`options: { symmetry: true }`), each row against the same case
 * without it: the server pool C=4 S=2 and l4Ipc C=4 S=3 R=4 P=2, which declare their
 * interchangeable threads, and seL4 × rpcPool with four clients (C=4 S=2 R=1: 8,920,484 states,
 * 356,711 orbits), whose symmetry the designs × workloads layer derives. Any registry model with
 * a symmetry gets such a row from one more line here (its entry, its configuration and
 * `options: { symmetry: true }`).
 *
 * @example
 * for (const c of benchCases) console.log(c.label); // 'dining asym n=9', …
 */
export const benchCases: readonly BenchCase[] = [
  { label: 'dining asym n=9', entry: 'dining', config: { n: 9, lefty0: true } },
  { label: 'dining asym n=11', entry: 'dining', config: { n: 11, lefty0: true } },
  { label: 'dining asym n=12', entry: 'dining', config: { n: 12, lefty0: true } },
  { label: 'dining asym n=13', entry: 'dining', config: { n: 13, lefty0: true } },
  // With the floor and the floor with duties in its rounds: the goal is check at 0.9 of the latter.
  { label: 'l4Ipc C=5 S=2 R=2 P=2', entry: 'l4Ipc', config: { clients: 5, servers: 2, rounds: 2, payloads: 2 }, floor: true },
  // The same without re-expanding a share of the states to check determinism: what that check costs.
  { label: 'l4Ipc C=5 S=2 R=2 P=2, no re-expansion', entry: 'l4Ipc', config: { clients: 5, servers: 2, rounds: 2, payloads: 2 }, options: { reexpandEvery: 0 } },
  { label: 'dining asym n=12, fingerprint', entry: 'dining', config: { n: 12, lefty0: true }, options: { fingerprint: true } },
  { label: 'ipc: M1 L4 × rpcPool C=3 S=2 R=2', entry: 'L4.rpcPool', config: { clients: 3, servers: 2, rounds: 2 } },
  { label: 'ipc: M3 seL4 × rpcPool C=3 S=2 R=2', entry: 'seL4.rpcPool', config: { clients: 3, servers: 2, rounds: 2 } },
  { label: 'ipc: M6 Fiasco × rpcPool C=3 R=2', entry: 'Fiasco.rpcPool', config: { clients: 3, rounds: 2 } },
  { label: 'ipc: serverPool C=4 S=2', entry: 'serverPool', config: { clients: 4, servers: 2 } },
  { label: 'serverPool C=4 S=2, symmetry', entry: 'serverPool', config: { clients: 4, servers: 2 }, options: { symmetry: true } },
  { label: 'l4Ipc C=4 S=3 R=4 P=2, symmetry', entry: 'l4Ipc', config: { clients: 4, servers: 3, rounds: 4, payloads: 2 }, options: { symmetry: true } },
  // Three rounds: without the reduction each run takes about a minute and a half (search and liveness analysis).
  { label: 'ipc: M3 seL4 × rpcPool C=4 S=2 R=1, symmetry', entry: 'seL4.rpcPool', config: { clients: 4, servers: 2, rounds: 1 }, options: { symmetry: true }, runs: 3 },
  {
    label: 'dining asym n=15, fingerprint, first 10^8 states',
    entry: 'dining',
    config: { n: 15, lefty0: true },
    options: { fingerprint: true, maxStates: 100_000_000 },
    runs: 1,
    large: true,
  },
  {
    label: 'dining asym n=17, fingerprint, first 10^9 states',
    entry: 'dining',
    config: { n: 17, lefty0: true },
    options: { fingerprint: true, maxStates: 1_000_000_000 },
    runs: 1,
    large: true,
  },
];
