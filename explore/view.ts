/**
 * The explorer's view of a path: the path is replayed through the model (as a counterexample
 * is), and the current state is shown leaf by leaf with what the last step changed, its enabled
 * actions with where each leads, the verdicts of the properties a state decides, and the path
 * as a message-sequence chart.
 */
import { match } from 'ts-pattern';
import { describeThrown, ReplayError } from '../checker/errors.js';
import { replay } from '../checker/replay.js';
import type { Trace } from '../checker/trace.js';
import { traceToSequenceSvg } from '../counterexamples/msc.js';
import { formatAction, type AnyModel } from '../model/core/model.js';
import { diffStates, stateFields, StateCodec } from '../model/core/shape/codec.js';
import { ShapeViolation } from '../model/core/shape/shape.js';
import type { Property } from '../properties/property.js';
import type { ExploreQuery } from './query.js';
import { formatExploreQuery } from './query.js';
import type { View, ViewAction, ViewField, ViewVerdict } from './viewTypes.js';

/** A state's identity: its encoding, word by word, in hexadecimal. */
function keyOf(words: Uint32Array): string {
  return Array.from(words, (w) => w.toString(16).padStart(8, '0')).join('');
}

/** Whether a changed leaf's path is `leaf` or contains it (an optional that became a record changes all of its leaves). */
function changedBy(changePath: string, leaf: string): boolean {
  return leaf === changePath || (changePath !== '' && leaf.startsWith(changePath) && (leaf[changePath.length] === '.' || leaf[changePath.length] === '[')) || (changePath === '' && leaf === 'state');
}

/** Runs a predicate, turning a throw into the `error` verdict. */
function judged(name: string, kind: string, decide: () => Omit<ViewVerdict, 'name' | 'kind'>): ViewVerdict {
  try {
    return { name, kind, ...decide() };
  } catch (e) {
    return { name, kind, status: 'error', detail: describeThrown(e) };
  }
}

/** The verdict of property `p` in the last state of `trace`, whose enabled actions are `enabled` (undefined when they could not be listed). */
function verdictHere(p: Property<unknown, any>, trace: Trace<unknown, any>, enabled: readonly unknown[] | undefined): ViewVerdict {
  const last = trace.steps.at(-1);
  const s = last === undefined ? trace.init : last.state;
  return match(p)
    .with({ kind: 'always' }, (q) => judged(q.name, q.kind, () => ({ status: q.holds(s) ? 'holds' : 'violated' })))
    .with({ kind: 'sometimes' }, (q) => judged(q.name, q.kind, () => ({ status: q.holds(s) ? 'witnessed' : 'not here' })))
    .with({ kind: 'bounded' }, (q) =>
      judged(q.name, q.kind, () => {
        const value = q.measure(s);
        return { status: value <= q.max ? 'holds' : 'violated', detail: `${value} of at most ${q.max}` };
      }),
    )
    .with({ kind: 'deadlockFree' }, (q) =>
      judged(q.name, q.kind, () =>
        enabled === undefined || enabled.length > 0
          ? { status: 'holds' }
          : q.validEnd(s)
            ? { status: 'holds', detail: 'no action is enabled: a valid end state' }
            : { status: 'violated', detail: 'deadlock: no action is enabled and this is not a valid end state' },
      ),
    )
    .with({ kind: 'step' }, (q) => {
      if (last === undefined) return { name: q.name, kind: q.kind, status: 'not judged here', detail: 'a step property judges the last step; the path has none' } as const;
      const before = trace.steps.length > 1 ? trace.steps[trace.steps.length - 2].state : trace.init;
      return judged(q.name, q.kind, () => ({ status: q.holds(before, last.action, last.state) ? 'holds' : 'violated', detail: 'judges the last step' }));
    })
    .otherwise((q) => ({ name: q.name, kind: q.kind, status: 'not judged here', detail: 'decided over the whole state graph: check the model to decide it' }));
}

/**
 * The view of `query`'s path through `model`, or the one-line reason it has none: a path index
 * out of range, an initial state that does not exist, or a model error on the way.
 *
 * @example
 * const v = exploreView(dieHard(), { model: 'dieHard', sets: [], init: 0, path: [1] });
 * if (v.ok) v.view.fields; // [{ path: 'small', value: '0' }, { path: 'big', value: '5', before: '0' }]
 */
export function exploreView(model: AnyModel, query: ExploreQuery): { ok: true; view: View } | { ok: false; error: string } {
  const codec = new StateCodec(model.shape);
  let trace: Trace<unknown, any>;
  let initCount: number;
  try {
    initCount = model.init().length;
    trace = replay(model, { init: query.init, actions: query.path }, undefined, codec);
  } catch (e) {
    const where = query.path.length > 0 ? `path=${query.path.join('.')}` : `init=${query.init}`;
    return { ok: false, error: e instanceof ReplayError ? `${where}: ${e.message}` : `${where}: the model threw: ${describeThrown(e)}` };
  }
  const states = [trace.init, ...trace.steps.map((st) => st.state)];
  const pathKeys = states.map((s) => keyOf(codec.encode(s)));
  const current = states[states.length - 1];
  const previous = states.length > 1 ? states[states.length - 2] : undefined;
  const changes = previous === undefined ? [] : diffStates(model.shape, previous, current);
  const fields: ViewField[] = stateFields(model.shape, current).map(([path, value]) => {
    const change = changes.find((c) => changedBy(c.path, path));
    if (change === undefined) return { path, value };
    // A leaf inside a part that changed as a whole (a queue, an optional) shows that part's old value.
    return { path, value, before: change.path === path || (change.path === '' && path === 'state') ? change.before : `${change.path} was ${change.before}` };
  });

  let enabled: readonly unknown[] | undefined;
  let actionsError: string | undefined;
  try {
    enabled = model.actions(current);
  } catch (e) {
    actionsError = `actions() threw: ${describeThrown(e)}`;
  }
  const actions: ViewAction[] = (enabled ?? []).map((a, index) => {
    const label = formatAction(model, a as { kind: string });
    try {
      const t = model.next(current, a);
      const key = keyOf(codec.encode(t));
      const at = pathKeys.indexOf(key);
      return { index, label, key, onPath: at < 0 ? null : at, ...(model.withinBounds !== undefined && !model.withinBounds(t) ? { outOfBounds: true } : {}) };
    } catch (e) {
      const why = e instanceof ShapeViolation ? `the successor leaves the declared shape: ${e.message}` : `next() threw: ${describeThrown(e)}`;
      return { index, label, onPath: null, error: why };
    }
  });

  const verdicts = model.properties.map((p: Property<unknown, any>) => verdictHere(p, trace, enabled));
  let chartSvg: string | undefined;
  if (model.sequence !== undefined && trace.steps.length > 0) {
    try {
      chartSvg = traceToSequenceSvg(model, trace, { title: `${model.name}: the path so far` });
    } catch {
      // A sequence view that fails on this path leaves the chart out; the steps are listed anyway.
      chartSvg = undefined;
    }
  }
  return {
    ok: true,
    view: {
      model: model.name,
      query: formatExploreQuery(query),
      initCount,
      init: query.init,
      path: [...query.path],
      steps: trace.steps.map((st) => formatAction(model, st.action)),
      pathKeys,
      fields,
      actions,
      verdicts,
      ...(chartSvg !== undefined ? { chartSvg } : {}),
      ...(actionsError !== undefined ? { actionsError } : {}),
    },
  };
}
