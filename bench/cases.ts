/**
 * The benchmark cases: scalable classic models at sizes of about 10^5, 10^6 and 5·10^6 states.
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
}

/**
 * The cases `npm run bench` runs, smallest first. Dining philosophers with philosopher 0
 * reversed: deadlock free, so every search is complete.
 *
 * @example
 * for (const c of benchCases) console.log(c.label); // 'dining asym n=9 (~10^5)', …
 */
export const benchCases: readonly BenchCase[] = [
  { label: 'dining asym n=9 (~10^5)', entry: 'dining', config: { n: 9, lefty0: true } },
  { label: 'dining asym n=11 (~10^6)', entry: 'dining', config: { n: 11, lefty0: true } },
  { label: 'dining asym n=12 (~5·10^6)', entry: 'dining', config: { n: 12, lefty0: true } },
];
