/// <reference lib="dom" />
/**
 * The explorer page's script, run in the browser: it asks the explorer's API for the view of the
 * path in the page's address, draws it (the state as a tree, the enabled actions, the verdicts,
 * the path and its sequence chart), and steps: choosing an action, back, forward, or a state of
 * the path. The address always holds the path, so a pasted link reproduces what is shown.
 * Compiled by the project's build to `dist/explore/page/explorePage.js`; it imports types only.
 */
import type { ExploreSession, View, ViewField } from '../viewTypes.js';

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (found === null) throw new Error(`the page has no element #${id}`);
  return found as T;
}

/** A new element with a class and text. */
function make<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className !== undefined) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

let view: View | undefined;
/** The action indices Back took off the path, the most recent last: Forward puts them back. */
let ahead: number[] = [];
let session: ExploreSession | undefined;

/** The model part of a query (model and set), which names the state space the visited states belong to. */
function modelPart(query: string): string {
  const p = new URLSearchParams(query);
  return [p.get('model') ?? '', ...p.getAll('set')].join('&');
}

/** The states shown before in this tab, for the model of `query`. */
function visitedStates(query: string): Set<string> {
  const stored = sessionStorage.getItem(`ipc-check-explore:${modelPart(query)}`);
  return new Set(stored === null ? [] : (JSON.parse(stored) as string[]));
}

function rememberVisited(query: string, keys: readonly string[]): void {
  const set = visitedStates(query);
  for (const k of keys) set.add(k);
  try {
    sessionStorage.setItem(`ipc-check-explore:${modelPart(query)}`, JSON.stringify([...set]));
  } catch {
    // Storage full: the marks of this tab stop growing, nothing else is lost.
  }
}

function showError(message: string | undefined): void {
  const e = element<HTMLParagraphElement>('error');
  e.hidden = message === undefined;
  e.textContent = message ?? '';
}

/** Loads the view of `query`; `push` records it as a new entry of the tab's history. */
async function load(query: string, push: boolean): Promise<void> {
  let response: Response;
  try {
    response = await fetch(`/api/view?${query}`);
  } catch {
    showError('the explorer does not answer: is ipc-check explore still running?');
    return;
  }
  const body = (await response.json()) as View | { error: string };
  if ('error' in body) {
    showError(body.error);
    return;
  }
  showError(undefined);
  const seenBefore = visitedStates(body.query);
  view = body;
  const address = `/?${body.query}`;
  if (push) history.pushState(null, '', address);
  else history.replaceState(null, '', address);
  render(body, seenBefore);
  rememberVisited(body.query, body.pathKeys);
}

/** Goes to `path` (action indices from the view's initial state). */
function go(path: readonly number[]): void {
  if (view === undefined) return;
  const p = new URLSearchParams(view.query);
  if (path.length > 0) p.set('path', path.join('.'));
  else p.delete('path');
  void load(p.toString(), true);
}

function take(index: number): void {
  if (view === undefined) return;
  if (ahead.at(-1) === index) ahead.pop();
  else ahead = [];
  go([...view.path, index]);
}

/** Goes back to the state after `steps` steps of the path, keeping the rest for Forward. */
function backTo(steps: number): void {
  if (view === undefined || steps >= view.path.length) return;
  ahead.push(...view.path.slice(steps).reverse());
  go(view.path.slice(0, steps));
}

function forward(): void {
  if (view === undefined || ahead.length === 0) return;
  go([...view.path, ahead.pop()!]);
}

/** The segments of a field path: `kernel.tcbs[1].state` is `kernel`, `tcbs`, `[1]`, `state`. */
function segments(path: string): string[] {
  return path.match(/\[\d+\]|[^.[\]]+/g) ?? [path];
}

interface TreeNode {
  readonly name: string;
  readonly children: Map<string, TreeNode>;
  field?: ViewField;
}

function tree(fields: readonly ViewField[]): TreeNode {
  const root: TreeNode = { name: '', children: new Map() };
  for (const f of fields) {
    let node = root;
    for (const seg of segments(f.path)) {
      let child = node.children.get(seg);
      if (child === undefined) {
        child = { name: seg, children: new Map() };
        node.children.set(seg, child);
      }
      node = child;
    }
    node.field = f;
  }
  return root;
}

function hasChange(node: TreeNode): boolean {
  return node.field?.before !== undefined || [...node.children.values()].some(hasChange);
}

function drawNode(node: TreeNode, depth: number): HTMLElement {
  if (node.children.size === 0 && node.field !== undefined) {
    const f = node.field;
    const leaf = make('div', f.before !== undefined ? 'leaf changed' : 'leaf');
    leaf.dataset.path = f.path;
    leaf.dataset.value = f.value;
    leaf.append(make('span', 'name', node.name), document.createTextNode(' = '));
    if (f.before !== undefined) {
      const before = make('span', 'before', f.before);
      before.title = 'before the last step';
      leaf.append(before);
    }
    leaf.append(make('span', 'value', f.value));
    return leaf;
  }
  const details = make('details');
  const changed = hasChange(node);
  details.open = depth < 2 || changed;
  details.dataset.open = String(details.open);
  const summary = make('summary', changed ? 'changed' : undefined, node.name);
  details.append(summary);
  for (const child of node.children.values()) details.append(drawNode(child, depth + 1));
  return details;
}

function drawState(v: View): void {
  const box = element<HTMLDivElement>('state');
  box.replaceChildren(...[...tree(v.fields).children.values()].map((n) => drawNode(n, 0)));
  filterFields();
}

/** Shows only the fields whose path or value contains the search text, opening the branches that hold them. */
function filterFields(): void {
  const term = element<HTMLInputElement>('search').value.trim().toLowerCase();
  const box = element<HTMLDivElement>('state');
  const leaves = [...box.querySelectorAll<HTMLElement>('.leaf')];
  let shown = 0;
  for (const leaf of leaves) {
    const match = term === '' || (leaf.dataset.path ?? '').toLowerCase().includes(term) || (leaf.dataset.value ?? '').toLowerCase().includes(term);
    leaf.hidden = !match;
    if (match) shown++;
  }
  for (const details of [...box.querySelectorAll<HTMLDetailsElement>('details')].reverse()) {
    const any = details.querySelector('.leaf:not([hidden])') !== null;
    details.hidden = !any;
    details.open = term === '' ? details.dataset.open === 'true' : any;
  }
  element<HTMLParagraphElement>('search-count').textContent = term === '' ? `${leaves.length} fields` : `${shown} of ${leaves.length} fields match`;
}

function drawActions(v: View, seenBefore: ReadonlySet<string>): void {
  const list = element<HTMLOListElement>('actions');
  const items = v.actions.map((a) => {
    const li = make('li');
    const button = make('button', undefined, a.label);
    button.type = 'button';
    button.dataset.index = String(a.index);
    button.disabled = a.error !== undefined;
    button.addEventListener('click', () => take(a.index));
    li.append(button);
    if (a.onPath !== null) li.append(make('span', 'flag on-path', a.onPath === v.path.length ? 'stays here' : `back to state ${a.onPath + 1}`));
    else if (a.key !== undefined && seenBefore.has(a.key)) li.append(make('span', 'flag visited', 'visited'));
    if (a.outOfBounds) li.append(make('span', 'flag out-of-bounds', 'outside the bounds'));
    if (a.error !== undefined) li.append(make('span', 'flag error', a.error));
    return li;
  });
  if (v.actionsError !== undefined) items.push(make('li', 'none flag error', v.actionsError));
  else if (items.length === 0) items.push(make('li', 'none', 'no action is enabled'));
  list.replaceChildren(...items);
}

function drawVerdicts(v: View): void {
  const body = element<HTMLTableElement>('verdicts').tBodies[0];
  body.replaceChildren(
    ...v.verdicts.map((verdict) => {
      const tr = make('tr');
      const status = make('td', `status-${verdict.status.replace(/ /g, '-')}`, verdict.status);
      if (verdict.detail !== undefined) status.append(make('div', 'detail', verdict.detail));
      tr.append(make('td', undefined, verdict.name), make('td', undefined, verdict.kind), status);
      return tr;
    }),
  );
}

function drawPath(v: View): void {
  const list = element<HTMLOListElement>('steps');
  const items: HTMLLIElement[] = [];
  const stateItem = (k: number, text: string) => {
    const li = make('li', k === v.path.length ? 'current' : undefined);
    if (k === v.path.length) li.textContent = text;
    else {
      const link = make('a', undefined, text);
      const p = new URLSearchParams(v.query);
      if (k > 0) p.set('path', v.path.slice(0, k).join('.'));
      else p.delete('path');
      link.href = `/?${p.toString()}`;
      link.addEventListener('click', (event) => {
        event.preventDefault();
        backTo(k);
      });
      li.append(link);
    }
    return li;
  };
  items.push(stateItem(0, `State 1 (initial${v.initCount > 1 ? ` ${v.init + 1} of ${v.initCount}` : ''})`));
  v.steps.forEach((label, i) => items.push(stateItem(i + 1, `Step ${i + 1}: ${label} → state ${i + 2}`)));
  list.replaceChildren(...items);
  // The chart is SVG the explorer drew from the model's sequence view (its text escaped there).
  element<HTMLDivElement>('chart').innerHTML = v.chartSvg ?? '';
}

function drawTrace(v: View): void {
  const banner = element<HTMLParagraphElement>('trace');
  const t = session?.trace;
  const fromTrace = t !== undefined && session !== undefined && modelPart(session.query) === modelPart(v.query);
  banner.hidden = !fromTrace;
  if (fromTrace && t !== undefined) {
    const here = new URLSearchParams(session!.query).get('path') === new URLSearchParams(v.query).get('path');
    banner.textContent = `${t.file}: '${t.property ?? 'model error'}' ${t.verdict}${here ? ' at this, the last, state of the trace' : ` at the trace's last state (${session!.query.includes('path=') ? 'path ' + new URLSearchParams(session!.query).get('path') : 'the initial state'})`}`;
  }
}

function render(v: View, seenBefore: ReadonlySet<string>): void {
  document.title = `${v.model}: state ${v.path.length + 1} · ipc-check explore`;
  element('model').textContent = v.model;
  element('position').textContent = `state ${v.path.length + 1} of the path · ${v.actions.length} action(s) enabled`;
  element<HTMLButtonElement>('back').disabled = v.path.length === 0;
  element<HTMLButtonElement>('restart').disabled = v.path.length === 0;
  element<HTMLButtonElement>('forward').disabled = ahead.length === 0;
  drawTrace(v);
  drawState(v);
  drawActions(v, seenBefore);
  drawVerdicts(v);
  drawPath(v);
}

async function start(): Promise<void> {
  element('back').addEventListener('click', () => backTo((view?.path.length ?? 1) - 1));
  element('forward').addEventListener('click', forward);
  element('restart').addEventListener('click', () => backTo(0));
  element('search').addEventListener('input', filterFields);
  document.addEventListener('keydown', (event) => {
    if (!event.altKey) return;
    if (event.key === 'ArrowLeft') backTo((view?.path.length ?? 1) - 1);
    else if (event.key === 'ArrowRight') forward();
    else return;
    event.preventDefault();
  });
  window.addEventListener('popstate', () => {
    ahead = [];
    void load(location.search.slice(1), false);
  });
  try {
    session = (await (await fetch('/api/session')).json()) as ExploreSession;
  } catch {
    session = undefined;
  }
  const query = new URLSearchParams(location.search).has('model') ? location.search.slice(1) : (session?.query ?? '');
  await load(query, false);
}

void start();
