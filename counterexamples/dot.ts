/**
 * Graphviz DOT counterexamples: the trace as a chain of states, the first in full and the others
 * with only the fields that changed, edges labelled with actions, the final state highlighted,
 * and a lasso back-edge for a growth witness instead of every repeated round.
 */
import type { Action, Model } from '../model/core/model.js';
import { formatAction } from '../model/core/model.js';
import { diffStates, stateFields } from '../model/core/shape/codec.js';
import type { ModelError } from '../checker/errors.js';
import type { GrowthWitness, PropertyResult } from '../checker/result.js';
import type { Trace } from '../checker/trace.js';
import { traceNote, verdictSummary } from './text.js';
import { wrapText } from './wrapText.js';
import { fairnessArgument } from './fairnessArgument.js';

export { wrapText };

/**
 * How the last state of a drawn trace is highlighted: a violation or model error in red, a
 * `sometimes` witness in green, or not at all.
 *
 * @example
 * traceToDot(model, { trace, lastNote: 'first reply', tone: 'witness' satisfies DotTone });
 */
export type DotTone = 'violation' | 'witness' | 'plain';

/**
 * A trace to draw that is not a property's verdict (a model error, a replayed file).
 *
 * @example
 * const source: DotTraceSource<Jugs, JugAction> = { trace, title: 'replayed trace', lastNote: 'the big jug holds 4' };
 */
export interface DotTraceSource<S, A extends Action> {
  readonly trace: Trace<S, A>;
  /** Headline above the chain. */
  readonly title?: string;
  /** Note on the last state, e.g. which property it violates. */
  readonly lastNote?: string;
  /** Highlight of the last state; `violation` by default. */
  readonly tone?: DotTone;
  /** Draw the trace as a lasso: `growth.prefixSteps` steps, then a back-edge for the repeated rounds. */
  readonly growth?: GrowthWitness;
  /** The state (0 the initial one) highlighted with the note, when not the last: a liveness premise. */
  readonly highlight?: number;
  /** A lasso's fairness argument, drawn as a note beside the state its cycle returns to (or the deadlock). */
  readonly argument?: readonly string[];
}

/**
 * Options of {@link traceToDot}.
 *
 * @example
 * traceToDot(model, pr, { direction: 'LR', graphName: 'bigJug' });
 */
export interface DotOptions {
  /** `TB` (top to bottom, the default) or `LR` (left to right). */
  readonly direction?: 'TB' | 'LR';
  /** The DOT graph's identifier; `trace` by default. */
  readonly graphName?: string;
}

const RED = { border: '#c0392b', fill: '#fdecea' };
const GREEN = { border: '#1e8449', fill: '#e9f7ef' };
const LOOP = '#d35400';
/** Line widths (characters) at which titles and notes wrap. */
const TITLE_WIDTH = 100;
const NOTE_WIDTH = 48;
/** Line width of the fairness argument's note. */
const ARGUMENT_WIDTH = 60;

/**
 * Escapes text for a quoted Graphviz label: backslashes and double quotes are escaped, `&` is
 * written `&amp;` (Graphviz would otherwise decode entities such as `&lt;` in the text), and each
 * newline becomes `newline`: `\l` (the default) ends a left-justified line, `\n` a centred one.
 *
 * @example
 * dotEscape('say "a\\b" & go'); // 'say \\"a\\\\b\\" &amp; go'
 */
export function dotEscape(text: string, newline: '\\l' | '\\n' = '\\l'): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/&/g, '&amp;')
    .replace(/\r\n|\r|\n/g, newline);
}

/**
 * Quotes a string as a DOT identifier: backslashes and double quotes escaped, newlines as `\n`.
 *
 * @example
 * dotQuote('say "hi"'); // '"say \\"hi\\""'
 */
export function dotQuote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r\n|\r|\n/g, '\\n')}"`;
}

/** A quoted label whose lines are all left-justified. */
function leftLabel(lines: readonly string[]): string {
  return `"${lines.map((l) => dotEscape(l) + '\\l').join('')}"`;
}

/** A state node's label: its header centred, then one left-justified line per field, then the note. */
function nodeLabel(header: string, lines: readonly string[], note?: string): string {
  const body = [...lines, ...(note ? ['', ...wrapText(note, NOTE_WIDTH).split('\n')] : [])];
  return `"${dotEscape(header, '\\n')}\\n${body.map((l) => dotEscape(l) + '\\l').join('')}"`;
}

function stepRange(g: GrowthWitness): string {
  return g.loopEnd - g.loopStart === 1 ? `step ${g.loopEnd}` : `steps ${g.loopStart + 1}–${g.loopEnd}`;
}

/**
 * The label of a growth witness's back-edge: which steps repeat, the growth per round and the
 * measure after each round.
 *
 * @example
 * lassoLabel({ loopStart: 2, loopEnd: 4, prefixSteps: 4, rounds: 2, measures: [5, 6, 7], growthPerRound: 1, unit: 'kernel message' });
 * // 'repeat steps 3–4: +1 kernel message per round (measure 5 -> 6 -> 7 ...)'
 */
export function lassoLabel(g: GrowthWitness): string {
  return `repeat ${stepRange(g)}: +${g.growthPerRound} ${g.unit} per round (measure ${g.measures.join(' -> ')} ...)`;
}

function isPropertyResult<S, A extends Action>(x: PropertyResult<S, A> | DotTraceSource<S, A>): x is PropertyResult<S, A> {
  return 'verdict' in x;
}

/** Turns a property's verdict into what to draw; `undefined` when the verdict has no trace. */
function sourceOf<S, A extends Action>(model: Model<S, A>, pr: PropertyResult<S, A>): DotTraceSource<S, A> | undefined {
  const v = pr.verdict;
  const title = `${model.name}: '${pr.name}' ${verdictSummary(pr)}`;
  switch (v.status) {
    case 'violated':
      return {
        trace: v.trace,
        title,
        lastNote: traceNote(pr),
        tone: 'violation',
        ...(v.trace.loop !== undefined ? { highlight: v.premiseAt ?? 0, argument: fairnessArgument(model, pr) } : {}),
      };
    case 'witnessed':
      return { trace: v.trace, title, lastNote: traceNote(pr), tone: 'witness' };
    case 'unbounded':
      return { trace: v.trace, title, lastNote: `${traceNote(pr)}: measure ${v.growth.measures[0]}`, tone: 'violation', growth: v.growth };
    default:
      return undefined;
  }
}

/**
 * The DOT source of a trace: a chain of state nodes (the first with every field, later ones with
 * `field: before → after` for the fields that changed), edges labelled `k. Action`, the last
 * state highlighted with its note (red for a violation, green for a witness). For an `unbounded`
 * verdict only the prefix is drawn, with a dashed back-edge from its last state to the state where
 * the repeated segment starts, labelled with the growth per round. A liveness lasso highlights the
 * state where the premise holds; its cycle is drawn in orange, the last step as an edge back to
 * the state where the cycle starts (or, when it ends in a deadlock, a dashed "stays for ever"
 * loop on the last state). The output is deterministic.
 * Throws a `TypeError` for a verdict without a trace (`holds`, `unwitnessed`, `unknown`).
 *
 * @example
 * const pr = check(dieHard()).properties.find((p) => p.verdict.status === 'violated')!;
 * const dot = traceToDot(dieHard(), pr);
 * dot.startsWith('digraph "trace" {'); // true
 * traceToDot(model, { trace, title: 'replayed', lastNote: 'the big jug holds 4' }, { direction: 'LR' });
 */
export function traceToDot<S, A extends Action>(
  model: Model<S, A>,
  what: PropertyResult<S, A> | DotTraceSource<S, A>,
  options: DotOptions = {},
): string {
  let source: DotTraceSource<S, A> | undefined;
  if (isPropertyResult(what)) {
    source = sourceOf(model, what);
    if (!source) throw new TypeError(`traceToDot: the verdict on '${what.name}' is '${what.verdict.status}', which has no trace`);
  } else {
    source = what;
  }
  const { trace, growth } = source;
  const tone = source.tone ?? 'violation';
  const colors = tone === 'witness' ? GREEN : tone === 'violation' ? RED : undefined;
  // A lasso whose last step returns to an earlier state: that step is drawn as an edge back to it.
  const back = trace.loop !== undefined && trace.loop < trace.steps.length ? trace.loop : undefined;
  const steps = growth ? trace.steps.slice(0, growth.prefixSteps) : back !== undefined ? trace.steps.slice(0, -1) : trace.steps;
  const last = source.highlight ?? steps.length;

  const out: string[] = [];
  out.push(`digraph ${dotQuote(options.graphName ?? 'trace')} {`);
  out.push(`  rankdir=${options.direction ?? 'TB'};`);
  // A monospaced font: Graphviz's Courier metrics (0.6 em a character) match what viewers draw
  // (Courier New, Liberation Mono, DejaVu Sans Mono), so boxes fit their text; states line up too.
  out.push('  graph [fontname="Courier", fontsize=12, labelloc=t, labeljust=l, nodesep=0.4, ranksep=0.35, pad=0.4];');
  out.push('  node [shape=box, style="rounded,filled", fillcolor="#ffffff", color="#555555", fontname="Courier", fontsize=11, margin="0.15,0.06"];');
  out.push('  edge [fontname="Courier", fontsize=10, color="#555555"];');
  if (source.title) out.push(`  label=${leftLabel(wrapText(source.title, TITLE_WIDTH).split('\n'))};`);

  const inLoop = (k: number) => growth !== undefined && k >= growth.loopStart && k < growth.loopEnd;
  const nodeAttrs = (i: number): string => {
    if (i !== last || !colors) return '';
    return `, color="${colors.border}", fillcolor="${colors.fill}", penwidth=2`;
  };
  const noteOf = (i: number) => (i === last ? source.lastNote : undefined);

  const init = stateFields(model.shape, trace.init).map(([path, value]) => `${path} = ${value}`);
  out.push(`  s0 [label=${nodeLabel('State 1 (initial)', init, noteOf(0))}${nodeAttrs(0)}];`);
  let prev = trace.init;
  steps.forEach((st, k) => {
    const i = k + 1;
    // ASCII arrows: the WebAssembly Graphviz has no width for non-ASCII characters and would undersize the box.
    const changes = diffStates(model.shape, prev, st.state).map((c) => `${c.path === '' ? 'state' : c.path}: ${c.before} -> ${c.after}`);
    const lines = changes.length > 0 ? changes : ['(no change)'];
    out.push(`  s${i} [label=${nodeLabel(`State ${i + 1}`, lines, noteOf(i))}${nodeAttrs(i)}];`);
    const loopAttrs = inLoop(k) || (back !== undefined && k >= back) ? `, color="${LOOP}", fontcolor="${LOOP}", penwidth=2` : '';
    out.push(`  s${k} -> s${i} [label="${dotEscape(`${i}. ${formatAction(model, st.action)}`, '\\n')}"${loopAttrs}];`);
    prev = st.state;
  });
  if (back !== undefined) {
    const k = trace.steps.length;
    const label = `${k}. ${formatAction(model, trace.steps[k - 1].action)}\n(back to state ${back + 1})`;
    out.push(`  s${k - 1} -> s${back} [label="${dotEscape(label, '\\n')}", color="${LOOP}", fontcolor="${LOOP}", penwidth=2, constraint=false];`);
  } else if (trace.loop !== undefined) {
    out.push(`  s${steps.length} -> s${steps.length} [label="stays for ever\\n(deadlock)", style=dashed, color="${LOOP}", fontcolor="${LOOP}"];`);
  }
  if (trace.loop !== undefined && source.argument && source.argument.length > 0) {
    // Beside the state the lasso returns to, on its rank: the words for the drawn loop.
    // ASCII dashes, as for the arrows; continuation lines indented so that each sentence stands apart.
    const lines = source.argument.flatMap((sentence) =>
      wrapText(sentence.replace(/–/g, '-'), ARGUMENT_WIDTH)
        .split('\n')
        .map((line, i) => (i === 0 ? line : `  ${line}`)),
    );
    out.push(`  why [shape=note, style=filled, fillcolor="#fef5e7", color="${LOOP}", fontcolor="#333333", label=${leftLabel(lines)}];`);
    out.push(`  { rank=same; s${trace.loop}; why; }`);
    out.push(`  s${trace.loop} -> why [style=dotted, arrowhead=none, color="${LOOP}"];`);
  }
  if (growth && growth.loopStart <= last) {
    out.push(
      `  s${last} -> s${growth.loopStart} [label=${leftLabel(wrapText(lassoLabel(growth), NOTE_WIDTH).split('\n'))}, style=dashed, color="${LOOP}", ` +
        `fontcolor="${LOOP}", penwidth=2, constraint=false];`,
    );
  }
  out.push('}');
  return out.join('\n') + '\n';
}

/**
 * The DOT source of a model error's trace, its last state marked with where the error happened;
 * `undefined` when the error has no trace.
 *
 * @example
 * const r = check(model);
 * const dot = r.modelError && modelErrorToDot(model, r.modelError);
 */
export function modelErrorToDot<S, A extends Action>(model: Model<S, A>, err: ModelError<S, A>, options: DotOptions = {}): string | undefined {
  if (!err.trace) return undefined;
  const where = err.action !== undefined ? `taking ${formatAction(model, err.action)} from here fails` : 'the error happens in this state';
  return traceToDot(
    model,
    { trace: err.trace, title: `${model.name}: model error ${err.code} in ${err.phase}: ${err.message}`, lastNote: where, tone: 'violation' },
    options,
  );
}
