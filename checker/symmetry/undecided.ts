/**
 * Why the properties decided over the whole state graph stay unknown under symmetry reduction:
 * the reduced graph's edges rename threads, so "this thread" is not followed along a path
 * without the renaming each edge applies, which the search does not record.
 */

/**
 * The reason a `neverStuck` property is unknown after a search with symmetry reduction.
 *
 * @example
 * check(serverPool(), { symmetry: true }).verdicts['no client stuck forever']; // { status: 'unknown', reason: STUCK_UNDER_SYMMETRY }
 */
export const STUCK_UNDER_SYMMETRY =
  'no thread stuck forever is not decided under symmetry reduction (the reduced graph renames threads along its edges); run without --symmetry to decide it';

/**
 * The reason a liveness property (`leadsTo`, `eventually`, `alwaysEventually`, `responseBound`)
 * is unknown after a search with symmetry reduction.
 *
 * @example
 * check(model, { symmetry: true }).verdicts['every call answered']; // { status: 'unknown', reason: LIVENESS_UNDER_SYMMETRY }
 */
export const LIVENESS_UNDER_SYMMETRY =
  'liveness is not decided under symmetry reduction (the reduced graph renames threads along its edges, and fairness is per thread); run without --symmetry to decide it';
