/**
 * The explorer's query string, which is also the page's URL: the model (a registry name or the
 * module path the explorer was started with), its `--set` parameters, the initial state and the
 * path as action indices from it, so that a pasted link reproduces the same state.
 */

/**
 * A parsed explorer query: `?model=dining&set=n%3D3&path=0.2.1`. `init` is the index into
 * `init()` (0 when the query names none); `path` one index into the enabled actions per step.
 *
 * @example
 * const q: ExploreQuery = { model: 'dining', sets: [['n', '3']], init: 0, path: [0, 2, 1] };
 */
export interface ExploreQuery {
  readonly model: string;
  readonly sets: readonly (readonly [string, string])[];
  readonly init: number;
  readonly path: readonly number[];
}

/**
 * Parses the query of an explorer URL; never throws: a problem is a one-line message that says
 * what to write instead.
 *
 * @example
 * parseExploreQuery(new URLSearchParams('model=dining&set=n=3&path=0.2.1'));
 * // { ok: true, query: { model: 'dining', sets: [['n', '3']], init: 0, path: [0, 2, 1] } }
 * parseExploreQuery(new URLSearchParams('model=dining&path=0.x'));
 * // { ok: false, error: "path=0.x: expected action indices separated by dots, e.g. path=0.2.1" }
 */
export function parseExploreQuery(params: URLSearchParams): { ok: true; query: ExploreQuery } | { ok: false; error: string } {
  const model = params.get('model');
  if (model === null || model === '') return { ok: false, error: 'the query names no model: add model=<name>, e.g. ?model=dieHard' };
  const sets: [string, string][] = [];
  for (const kv of params.getAll('set')) {
    const eq = kv.indexOf('=');
    if (eq <= 0) return { ok: false, error: `set=${kv}: expected key=value, e.g. set=n=3` };
    sets.push([kv.slice(0, eq), kv.slice(eq + 1)]);
  }
  const initText = params.get('init') ?? '0';
  if (!/^\d+$/.test(initText) || !Number.isSafeInteger(Number(initText))) return { ok: false, error: `init=${initText}: expected the index of an initial state, e.g. init=0` };
  const pathText = params.get('path') ?? '';
  if (pathText !== '' && !/^\d+(\.\d+)*$/.test(pathText)) return { ok: false, error: `path=${pathText}: expected action indices separated by dots, e.g. path=0.2.1` };
  const path = pathText === '' ? [] : pathText.split('.').map(Number);
  if (path.some((i) => !Number.isSafeInteger(i))) return { ok: false, error: `path=${pathText}: an action index is too large` };
  return { ok: true, query: { model, sets, init: Number(initText), path } };
}

/**
 * The query string (without `?`) of an explorer view; `init` is written only when it is not 0,
 * and `path` only when the path has a step.
 *
 * @example
 * formatExploreQuery({ model: 'dining', sets: [['n', '3']], init: 0, path: [0, 2, 1] }); // 'model=dining&set=n%3D3&path=0.2.1'
 */
export function formatExploreQuery(q: ExploreQuery): string {
  const params = new URLSearchParams();
  params.set('model', q.model);
  for (const [k, v] of q.sets) params.append('set', `${k}=${v}`);
  if (q.init !== 0) params.set('init', String(q.init));
  if (q.path.length > 0) params.set('path', q.path.join('.'));
  return params.toString();
}
