/**
 * Plain-text counterexamples and reports: the first state in full, then per step the action and
 * only the fields it changed.
 */
import type { Action, Model } from '../model/core/model.js';
import { formatAction } from '../model/core/model.js';
import { diffStates, stateFields } from '../model/core/shape/codec.js';
import type { ModelError } from '../checker/errors.js';
import type { CheckResult, PropertyResult } from '../checker/result.js';
import type { Trace } from '../checker/trace.js';
import { fairnessArgument } from './fairnessArgument.js';
import { wrapText } from './wrapText.js';


/**
 * Options of {@link textTrace}: a headline, a note on the last state, and a repeated growth segment.
 *
 * @example
 * const options: TextTraceOptions = { title: 'mutual exclusion: violated', lastNote: "violates 'mutual exclusion'" };
 * textTrace(model, trace, options);
 */
export interface TextTraceOptions {
  /** Headline above the trace. */
  readonly title?: string;
  /** Marker text for the last state (e.g. which property it violates). */
  readonly lastNote?: string;
  /** Steps (0-based) from which the trace is a repeated growth segment, with a note. */
  readonly loop?: { readonly fromStep: number; readonly note: string };
  /** A note on one state (0 the initial one, k the state after step k): where a liveness premise holds. */
  readonly stateNote?: { readonly state: number; readonly note: string };
  /**
   * A lasso whose cycle need not repeat for ever but can run any number of rounds before the
   * answer (a `responseBound` postponed by a cycle): its marks say so.
   */
  readonly postponed?: boolean;
}

/**
 * Renders a trace: state 1 in full (but for the page tables the trace never changes), then each
 * step's action and changed fields. A lasso (`trace.loop`) marks where its cycle starts and ends
 * with "↺ back to state k", or says that its last state, a deadlock, stays for ever.
 *
 * @example
 * console.log(textTrace(model, verdict.trace, { title: "big jug never holds 4: violated" }));
 * // State 1 (initial)
 * //   small = 0
 * //   big = 0
 * // Step 1: FillBig → state 2
 * //   big: 0 → 5
 */
export function textTrace<S, A extends Action>(model: Model<S, A>, trace: Trace<S, A>, options: TextTraceOptions = {}): string {
  const lines: string[] = [];
  if (options.title) lines.push(options.title);
  lines.push('State 1 (initial)');
  // Page tables the trace never changes are left out: they are most of a state and say nothing about it.
  const changed = new Set<string>();
  let before = trace.init;
  for (const st of trace.steps) {
    for (const c of diffStates(model.shape, before, st.state)) changed.add(c.path);
    before = st.state;
  }
  const pageTable = /^hw\.tables\[(\d+)\]/;
  const tableChanges = new Set([...changed].flatMap((p) => pageTable.exec(p)?.[1] ?? []));
  let omitted = 0;
  for (const [path, value] of stateFields(model.shape, trace.init)) {
    const table = pageTable.exec(path)?.[1];
    if (table !== undefined && !tableChanges.has(table)) omitted++;
    else lines.push(`  ${path} = ${value}`);
  }
  if (omitted > 0) lines.push('  hw.tables: page tables the trace does not change are not shown');
  let prev = trace.init;
  const cycleStart = trace.loop !== undefined && trace.loop < trace.steps.length ? trace.loop : undefined;
  if (options.stateNote?.state === 0) lines.push(`  <-- ${options.stateNote.note}`);
  trace.steps.forEach((st, i) => {
    if (options.loop && i === options.loop.fromStep) lines.push(`--- ${options.loop.note} ---`);
    if (i === cycleStart) lines.push(`--- cycle from state ${i + 1}: the steps below repeat ${options.postponed ? 'any number of times before the answer' : 'for ever'} ---`);
    const last = i === trace.steps.length - 1;
    const notes = [...(options.stateNote?.state === i + 1 ? [options.stateNote.note] : []), ...(last && options.lastNote ? [options.lastNote] : [])];
    const note = notes.length > 0 ? `   <-- ${notes.join('; ')}` : '';
    lines.push(`Step ${i + 1}: ${formatAction(model, st.action)} → state ${i + 2}${note}`);
    const changes = diffStates(model.shape, prev, st.state);
    if (changes.length === 0) lines.push('  (no change)');
    for (const c of changes) lines.push(`  ${c.path === '' ? 'state' : c.path}: ${c.before} → ${c.after}`);
    prev = st.state;
  });
  if (trace.steps.length === 0 && options.lastNote) lines.push(`  <-- ${options.lastNote}`);
  if (cycleStart !== undefined) lines.push(`↺ back to state ${cycleStart + 1}, and round again ${options.postponed ? 'any number of times' : 'for ever'}`);
  else if (trace.loop !== undefined) lines.push(`State ${trace.steps.length + 1} stays here for ever (deadlock: no action leads anywhere)`);
  return lines.join('\n');
}

/**
 * A one-line description of a verdict: `violated (7 states)`, `holds (max 3)`, `unbounded (+1 kernel message per round)`,
 * for a lasso `violated (a path of 3 states, then a cycle of 2 steps back to state 3)`, for a response bound `holds (bound 4 steps)`.
 *
 * @example
 * verdictSummary({ name: 'p', kind: 'always', verdict: { status: 'holds' } }); // "holds"
 */
export function verdictSummary<S, A extends Action>(pr: PropertyResult<S, A>): string {
  const v = pr.verdict;
  switch (v.status) {
    case 'holds':
      if (v.bound !== undefined) return `holds (bound ${v.bound} step${v.bound === 1 ? '' : 's'})`;
      return v.maxReached !== undefined ? `holds (max ${v.maxReached})` : 'holds';
    case 'violated': {
      const loop = v.trace.loop;
      const why = v.why !== undefined ? `unbounded, ${v.why}: ` : '';
      if (loop === undefined) return `violated (trace of ${v.trace.steps.length + 1} states)`;
      const states = `${loop + 1} state${loop === 0 ? '' : 's'}`;
      if (loop === v.trace.steps.length) return `violated (${why}a path of ${states} into a deadlock, where it stays)`;
      const cycle = v.trace.steps.length - loop;
      return `violated (${why}a path of ${states}, then a cycle of ${cycle} step${cycle === 1 ? '' : 's'} back to state ${loop + 1})`;
    }
    case 'unbounded':
      return `unbounded (+${v.growth.growthPerRound} ${v.growth.unit} per round)`;
    case 'witnessed':
      return `witnessed (trace of ${v.trace.steps.length + 1} states)`;
    case 'unwitnessed':
      return 'unwitnessed (never reached: the model may be vacuous)';
    case 'unknown':
      return v.reason !== undefined ? `unknown (${v.reason})` : 'unknown (search incomplete)';
  }
}

/**
 * The note a failing or witnessing trace ends with.
 *
 * @example
 * traceNote(pr); // "violates 'big jug never holds 4'"
 */
export function traceNote<S, A extends Action>(pr: PropertyResult<S, A>): string {
  switch (pr.kind) {
    case 'deadlockFree':
      return `deadlock: no action is enabled and this is not a valid end state ('${pr.name}')`;
    case 'neverStuck': {
      const thread = pr.verdict.status === 'violated' ? pr.verdict.stuckThread : undefined;
      return `${thread ?? 'a thread'} is blocked here and nothing that can happen from here unblocks it ('${pr.name}')`;
    }
    case 'sometimes':
      return `witnesses '${pr.name}'`;
    case 'step':
      return `this step violates '${pr.name}'`;
    case 'bounded':
      return `exceeds the bound of '${pr.name}'`;
    case 'leadsTo':
      return `the premise of '${pr.name}' holds here, and on this fair path its goal never comes`;
    case 'responseBound':
      return pr.verdict.status === 'violated' && pr.verdict.why === 'postponed by a cycle'
        ? `requested here ('${pr.name}'): the cycle below can run any number of rounds before the answer`
        : `requested here ('${pr.name}'), and on this fair path never answered`;
    default:
      return `violates '${pr.name}'`;
  }
}

/** Width at which the fairness argument's sentences wrap. */
const ARGUMENT_WIDTH = 100;

/**
 * The fairness argument under a lasso: a heading, then each sentence indented, wrapped at 100
 * characters with its continuation lines indented further.
 *
 * @example
 * argumentText(['Step 1 repeats for ever, from state 1 back to it.']);
 * // 'Why this lasso is a counterexample:\n  Step 1 repeats for ever, from state 1 back to it.'
 */
export function argumentText(sentences: readonly string[]): string {
  // A quoted name ('philosopher 0') is kept on one line: its spaces do not break until wrapped.
  const keep = (s: string) => s.replace(/(^|[\s(])'[^']*'(?=[\s),.:;]|$)/g, (m) => m.replace(/(?!^) /g, '\u00a0'));
  const wrap = (s: string) => wrapText(keep(s), ARGUMENT_WIDTH - 4).replace(/\u00a0/g, ' ').split('\n');
  const body = sentences.map((s) => wrap(s).map((line, i) => `${i === 0 ? '  ' : '    '}${line}`).join('\n'));
  return ['Why this lasso is a counterexample:', ...body].join('\n');
}

/**
 * The text form of one property's trace (violation, growth witness or `sometimes` witness).
 *
 * @example
 * const txt = propertyTraceText(model, result.properties[0]); // undefined when there is no trace
 */
export function propertyTraceText<S, A extends Action>(model: Model<S, A>, pr: PropertyResult<S, A>): string | undefined {
  const v = pr.verdict;
  if (v.status === 'violated' && v.trace.loop !== undefined) {
    const note = { state: v.premiseAt ?? 0, note: traceNote(pr) };
    const postponed = v.why === 'postponed by a cycle';
    const lasso = textTrace(model, v.trace, { title: `${model.name}: '${pr.name}' ${verdictSummary(pr)}`, stateNote: note, postponed });
    return `${lasso}\n${argumentText(fairnessArgument(model, pr) ?? [])}`;
  }
  if (v.status === 'violated' || v.status === 'witnessed') {
    return textTrace(model, v.trace, { title: `${model.name}: '${pr.name}' ${verdictSummary(pr)}`, lastNote: traceNote(pr) });
  }
  if (v.status === 'unbounded') {
    const g = v.growth;
    const prefix = { init: v.trace.init, steps: v.trace.steps.slice(0, g.prefixSteps), path: v.trace.path };
    const head = textTrace(model, prefix, {
      title: `${model.name}: '${pr.name}' ${verdictSummary(pr)}`,
      lastNote: `${traceNote(pr)}: ${pr.kind === 'bounded' ? 'measure' : ''} ${g.measures[0]}`.replace('  ', ' '),
    });
    const loop =
      `Growth witness: steps ${g.loopStart + 1}–${g.loopEnd} repeated from state ${g.prefixSteps + 1}, ` +
      `${g.rounds} more rounds, each enabled, measure ${g.measures.join(' → ')} ` +
      `(+${g.growthPerRound} ${g.unit} per round): the measure is unbounded.`;
    return `${head}\n${loop}`;
  }
  return undefined;
}

/**
 * The text of a model error, with the trace to where it happened.
 *
 * @example
 * if (result.modelError) console.log(modelErrorText(model, result.modelError));
 */
export function modelErrorText<S, A extends Action>(model: Model<S, A>, err: ModelError<S, A>): string {
  const lines = [`${model.name}: model error ${err.code} in ${err.phase}: ${err.message}`];
  if (err.trace) {
    const note = err.action !== undefined ? `taking ${formatAction(model, err.action)} from here fails` : `the error happens in this state`;
    lines.push(textTrace(model, err.trace, { lastNote: note }));
  }
  if (err.state !== undefined && err.state !== null) {
    try {
      lines.push(`Offending state: ${model.shape.show(err.state)}`);
    } catch {
      lines.push(`Offending state: ${JSON.stringify(err.state)}`);
    }
  }
  return lines.join('\n');
}

/**
 * A whole report: headline with statistics, one line per property, then every trace.
 *
 * @example
 * console.log(textReport(model, check(model)));
 */
export function textReport<S, A extends Action>(model: Model<S, A>, result: CheckResult<S, A>): string {
  const st = result.stats;
  const completeness = result.complete ? 'complete' : `INCOMPLETE (stopped by ${result.stoppedBy})`;
  const lines = [`${result.model}: ${st.distinct} distinct states, ${st.generated} generated, depth ${st.depth}, ${completeness}`];
  for (const pr of result.properties) lines.push(`  ${pr.kind.padEnd(12)} ${pr.name}: ${verdictSummary(pr)}`);
  if (result.modelError) lines.push('', modelErrorText(model, result.modelError));
  for (const pr of result.properties) {
    if (pr.verdict.status === 'witnessed') continue;
    const text = propertyTraceText(model, pr);
    if (text) lines.push('', text);
  }
  return lines.join('\n');
}
