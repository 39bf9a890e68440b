/**
 * Message-sequence charts (MSC) of a trace, the way kernel people draw IPC: one lane per thread,
 * lanes grouped by component, each step's transfers as arrows between lanes and its kernel
 * entries, blocking, wake-ups and faults as marks on the lanes. The events come from the model's
 * sequence view ({@link SequenceStyle}); a model without one cannot be charted.
 *
 * Two renderings of the same chart: plain ASCII text that lines up in any terminal, and a
 * standalone SVG drawn directly (no Graphviz). Both are deterministic.
 */
import type { Action, Model } from '../model/core/model.js';
import { formatAction } from '../model/core/model.js';
import type { SequenceEvent, SequenceLane, SequenceMark, SequenceStyle } from '../model/core/sequence.js';
import type { Trace } from '../checker/trace.js';

/**
 * Options of {@link traceToSequenceText} and {@link traceToSequenceSvg}: a headline, and which
 * step to highlight with what note.
 *
 * @example
 * const options: SequenceChartOptions = { title: 'l4Ipc: no lost reply', highlight: "violates 'no lost reply'" };
 * traceToSequenceText(model, trace, { ...options, highlightStep: 2 }); // highlights step 3
 */
export interface SequenceChartOptions {
  /** Headline above the chart. */
  readonly title?: string;
  /** Note on the highlighted step, e.g. which property it violates. */
  readonly highlight?: string;
  /**
   * The step to highlight, as a 0-based index into `trace.steps`; the last step by default.
   * `'initial'` highlights the initial state (a row of its own before the first step), for a
   * liveness premise that holds from the start. `null`, or an index outside the trace, highlights
   * nothing.
   */
  readonly highlightStep?: number | 'initial' | null;
  /**
   * A lasso whose cycle need not repeat for ever but can run any number of rounds before the
   * answer (a `responseBound` postponed by a cycle): its marks say so.
   */
  readonly postponed?: boolean;
}

/**
 * The letter that opens a mark in the text chart, by kind: `[K enter]` is a kernel entry,
 * `[B wait]` blocking, `[U woken]` being unblocked, `[F page fault]` a fault, `[N …]` any other
 * note.
 *
 * @example
 * SEQUENCE_MARK_PREFIX.block; // 'B'
 */
export const SEQUENCE_MARK_PREFIX: Readonly<Record<SequenceMark, string>> = {
  kernel: 'K',
  block: 'B',
  unblock: 'U',
  fault: 'F',
  note: 'N',
};

/** What one kind of mark means, for the text chart's legend. */
const MARK_MEANING: Readonly<Record<SequenceMark, string>> = {
  kernel: 'kernel entry',
  block: 'blocks',
  unblock: 'unblocked',
  fault: 'fault',
  note: 'note',
};

const MARK_KINDS: readonly SequenceMark[] = ['kernel', 'block', 'unblock', 'fault', 'note'];

// ---------------------------------------------------------------------------------------------
// The chart, independent of how it is drawn
// ---------------------------------------------------------------------------------------------

/** One step of the chart: its 1-based number, action label, events, and whether it is highlighted. */
interface ChartStep {
  readonly number: number;
  readonly label: string;
  readonly events: readonly SequenceEvent[];
  readonly highlighted: boolean;
}

/**
 * How a lasso (`trace.loop`) ends: a cycle over steps `first…last` (1-based, `last` the trace's
 * last step) that repeats for ever, or a deadlock at state `state` (1-based) where it stays.
 */
type ChartLasso =
  | { readonly kind: 'cycle'; readonly first: number; readonly last: number; readonly postponed: boolean }
  | { readonly kind: 'deadlock'; readonly state: number };

/** A trace as a sequence chart: the lanes, then the steps with their (validated) events, and how a lasso ends. */
interface Chart {
  readonly lanes: readonly SequenceLane[];
  readonly steps: readonly ChartStep[];
  /** Whether the initial state is highlighted (`highlightStep: 'initial'`). */
  readonly initialHighlighted: boolean;
  readonly lasso?: ChartLasso;
}

/** The words that mark a lasso: over its cycle, under it, or under the deadlock it stays in. */
function lassoWords(lasso: ChartLasso): { readonly open?: string; readonly close: string } {
  if (lasso.kind === 'deadlock') return { close: `state ${lasso.state} stays here for ever (deadlock: no action is enabled)` };
  const steps = lasso.first === lasso.last ? `step ${lasso.first} repeats` : `steps ${lasso.first}–${lasso.last} repeat`;
  if (lasso.postponed) return { open: `${steps} any number of times before the answer`, close: `back to step ${lasso.first}, and round again any number of times` };
  return { open: `${steps} for ever`, close: `back to step ${lasso.first}, and round again for ever` };
}

/** A run of adjacent lanes of one group, `first` to `last` inclusive. */
interface GroupSpan {
  readonly name: string;
  readonly first: number;
  readonly last: number;
}

/** The model's sequence view; throws when it has none. */
function sequenceOf<S, A extends Action>(caller: string, model: Model<S, A>): SequenceStyle<S, A> {
  if (!model.sequence) throw new Error(`${caller}: model ${model.name} has no sequence view`);
  return model.sequence;
}

/** The lane indices an event names. */
function lanesOf(event: SequenceEvent): readonly number[] {
  return event.kind === 'message' ? [event.from, event.to] : [event.lane];
}

/** Throws when `event` names a lane that does not exist. */
function checkLanes(caller: string, modelName: string, laneCount: number, step: ChartStep, event: SequenceEvent): void {
  for (const lane of lanesOf(event)) {
    if (Number.isInteger(lane) && lane >= 0 && lane < laneCount) continue;
    const valid = laneCount === 0 ? 'no lanes' : `lanes 0..${laneCount - 1}`;
    throw new Error(`${caller}: step ${step.number} (${step.label}) names lane ${lane}, but model ${modelName} has ${valid}`);
  }
}

/** The chart of `trace`: each step's action label and the events the model's sequence view gives it. */
function buildChart<S, A extends Action>(caller: string, model: Model<S, A>, trace: Trace<S, A>, options: SequenceChartOptions): Chart {
  const sequence = sequenceOf(caller, model);
  const highlightAt = options.highlightStep === undefined ? trace.steps.length - 1 : options.highlightStep;
  const n = trace.steps.length;
  const lasso: ChartLasso | undefined =
    trace.loop === undefined ? undefined : trace.loop < n ? { kind: 'cycle', first: trace.loop + 1, last: n, postponed: options.postponed === true } : { kind: 'deadlock', state: n + 1 };
  const steps: ChartStep[] = [];
  let prev = trace.init;
  trace.steps.forEach((st, i) => {
    const step = { number: i + 1, label: formatAction(model, st.action), events: sequence.events(prev, st.action, st.state), highlighted: i === highlightAt };
    for (const event of step.events) checkLanes(caller, model.name, sequence.lanes.length, step, event);
    steps.push(step);
    prev = st.state;
  });
  return { lanes: sequence.lanes, steps, initialHighlighted: highlightAt === 'initial', ...(lasso ? { lasso } : {}) };
}

/** The runs of adjacent lanes that share a group; ungrouped lanes belong to none. */
function groupSpans(lanes: readonly SequenceLane[]): GroupSpan[] {
  const spans: GroupSpan[] = [];
  lanes.forEach((lane, i) => {
    if (lane.group === undefined) return;
    const open = spans[spans.length - 1];
    if (open && open.name === lane.group && open.last === i - 1) spans[spans.length - 1] = { ...open, last: i };
    else spans.push({ name: lane.group, first: i, last: i });
  });
  return spans;
}

/** The span a lane alone makes up, if its group has no other lane beside it. */
function singleLaneGroup(spans: readonly GroupSpan[], lane: number): GroupSpan | undefined {
  return spans.find((g) => g.first === lane && g.last === lane);
}

/** Whether two lanes belong to different groups (ungrouped lanes are one group without a heading). */
function differentGroups(lanes: readonly SequenceLane[], a: number, b: number): boolean {
  return lanes[a].group !== lanes[b].group;
}

// ---------------------------------------------------------------------------------------------
// Lane spacing, shared by both renderings (in characters for text, pixels for SVG)
// ---------------------------------------------------------------------------------------------

/** Lane `to` must be at least `distance` to the right of lane `from` (`from < to`). */
interface Spacing {
  readonly from: number;
  readonly to: number;
  readonly distance: number;
}

/**
 * The positions of `count` lane centres, the first at `first`: every gap at least `minGap`, then
 * widened until each spacing holds. Spacings over fewer gaps are met first, so that a wide
 * message between distant lanes widens all the gaps it crosses evenly, not just one.
 */
function laneCenters(count: number, first: number, minGap: number, spacings: readonly Spacing[]): number[] {
  const gaps: number[] = Array(Math.max(0, count - 1)).fill(minGap);
  const ordered = [...spacings].sort((x, y) => x.to - x.from - (y.to - y.from) || x.from - y.from || x.to - y.to);
  for (const { from, to, distance } of ordered) {
    const span = to - from;
    const have = gaps.slice(from, to).reduce((sum, g) => sum + g, 0);
    const deficit = Math.ceil(distance) - have;
    if (deficit <= 0) continue;
    for (let k = 0; k < span; k++) gaps[from + k] += Math.floor(deficit / span) + (k >= span - (deficit % span) ? 1 : 0);
  }
  const centers = [first];
  for (const g of gaps) centers.push(centers[centers.length - 1] + g);
  return centers.slice(0, count);
}

/**
 * The lane next to the sender on a message's way: a message's label is written between the two,
 * clear of the lanes the arrow crosses further on.
 */
function labelNeighbour(from: number, to: number): number {
  return from < to ? from + 1 : from - 1;
}

/** A spacing between two distinct lanes, in left-to-right order. */
function between(a: number, b: number, distance: number): Spacing {
  return { from: Math.min(a, b), to: Math.max(a, b), distance };
}

// ---------------------------------------------------------------------------------------------
// Text
// ---------------------------------------------------------------------------------------------

/** Columns before the leftmost lane's text: the highlight marker and a space. */
const TEXT_GUTTER = 2;
/** The smallest distance between two lanes, in characters. */
const TEXT_MIN_GAP = 6;

/** Length in characters (code points, so that a non-BMP character counts once). */
function charLength(text: string): number {
  return [...text].length;
}

/** Characters of a `width`-wide text left of its centre column. */
function leftOf(width: number): number {
  return Math.floor((width - 1) / 2);
}

/** Characters of a `width`-wide text right of its centre column. */
function rightOf(width: number): number {
  return width - 1 - leftOf(width);
}

/** A mark as the text chart writes it, e.g. `[K enter]`. */
function textMark(event: Extract<SequenceEvent, { kind: 'mark' }>): string {
  return `[${SEQUENCE_MARK_PREFIX[event.mark]} ${event.label}]`;
}

/** The width each lane's heading needs: its name, or a lone group's name with its rule. */
function textHeadingWidths(lanes: readonly SequenceLane[], spans: readonly GroupSpan[]): number[] {
  return lanes.map((lane, i) => {
    const alone = singleLaneGroup(spans, i);
    return Math.max(charLength(lane.name), alone ? charLength(alone.name) + 4 : 0);
  });
}

/** What the text chart needs between its lanes so that headings, arrows and marks never collide. */
function textSpacings(chart: Chart, spans: readonly GroupSpan[], headings: readonly number[]): Spacing[] {
  const n = chart.lanes.length;
  const spacings: Spacing[] = [];
  for (let i = 0; i + 1 < n; i++) {
    // Two spaces between lane names, three between groups.
    spacings.push(between(i, i + 1, rightOf(headings[i]) + leftOf(headings[i + 1]) + 3 + (differentGroups(chart.lanes, i, i + 1) ? 1 : 0)));
  }
  for (const g of spans) {
    if (g.last > g.first) spacings.push(between(g.first, g.last, charLength(g.name) + 3 - leftOf(headings[g.first]) - rightOf(headings[g.last])));
  }
  for (const event of chart.steps.flatMap((s) => s.events)) {
    const len = charLength(event.label);
    if (event.kind === 'message' && event.from !== event.to) spacings.push(between(event.from, labelNeighbour(event.from, event.to), len + 5));
    else if (event.kind === 'message' && event.from + 1 < n) spacings.push(between(event.from, event.from + 1, len + 7));
    else if (event.kind === 'mark') {
      const width = charLength(textMark(event));
      if (event.lane > 0) spacings.push(between(event.lane - 1, event.lane, leftOf(width) + 2));
      if (event.lane + 1 < n) spacings.push(between(event.lane, event.lane + 1, rightOf(width) + 2));
    }
  }
  return spacings;
}

/** The column of the leftmost lane: room for the gutter, its heading and any mark on it. */
function textFirstColumn(chart: Chart, headings: readonly number[]): number {
  if (chart.lanes.length === 0) return TEXT_GUTTER;
  const marks = chart.steps.flatMap((s) => s.events).filter((e) => e.kind === 'mark' && e.lane === 0);
  return TEXT_GUTTER + Math.max(leftOf(headings[0]), ...marks.map((e) => (e.kind === 'mark' ? leftOf(charLength(textMark(e))) : 0)));
}

/** One line of the text chart, written into by column. */
class TextRow {
  private readonly cells: string[] = [];

  /** Writes `text` from column `at`, over whatever is there. */
  put(at: number, text: string): this {
    while (this.cells.length < at) this.cells.push(' ');
    [...text].forEach((ch, k) => (this.cells[at + k] = ch));
    return this;
  }

  toString(): string {
    return this.cells.join('').trimEnd();
  }
}

/** A row with only the lane lines. */
function barsRow(centers: readonly number[]): TextRow {
  const row = new TextRow();
  for (const c of centers) row.put(c, '|');
  return row;
}

/** The group headings: each group's name centred in a rule over its lanes' headings. */
function groupRow(spans: readonly GroupSpan[], centers: readonly number[], headings: readonly number[]): TextRow {
  const row = new TextRow();
  for (const g of spans) {
    const left = centers[g.first] - leftOf(headings[g.first]);
    const width = centers[g.last] + rightOf(headings[g.last]) - left + 1;
    const title = ` ${g.name} `;
    row.put(left, '-'.repeat(width)).put(left + Math.floor((width - charLength(title)) / 2), title);
  }
  return row;
}

/**
 * A message between two different lanes: `|---label-->|` or `|<--label---|`, the label next to
 * the sender, the lanes in between crossed with `+`.
 */
function textMessageRows(centers: readonly number[], from: number, to: number, label: string): TextRow[] {
  const row = barsRow(centers);
  const [a, b] = [Math.min(from, to), Math.max(from, to)];
  row.put(centers[a] + 1, '-'.repeat(centers[b] - centers[a] - 1));
  for (let k = a + 1; k < b; k++) row.put(centers[k], '+');
  if (from < to) row.put(centers[b] - 1, '>');
  else row.put(centers[a] + 1, '<');
  const [left, right] = [Math.min(from, labelNeighbour(from, to)), Math.max(from, labelNeighbour(from, to))];
  const inside = centers[right] - centers[left] - 1;
  row.put(centers[left] + 1 + Math.floor((inside - charLength(label)) / 2), label);
  return [row];
}

/** A message from a lane to itself: a loop out to the right and back. */
function textSelfMessageRows(centers: readonly number[], lane: number, label: string): TextRow[] {
  const out = `--${label}--.`;
  return [barsRow(centers).put(centers[lane] + 1, out), barsRow(centers).put(centers[lane] + 1, `<${'-'.repeat(charLength(out) - 2)}'`)];
}

/** The rows that draw one event. */
function textEventRows(centers: readonly number[], event: SequenceEvent): TextRow[] {
  if (event.kind === 'mark') {
    const text = textMark(event);
    return [barsRow(centers).put(centers[event.lane] - leftOf(charLength(text)), text)];
  }
  if (event.from === event.to) return textSelfMessageRows(centers, event.from, event.label);
  return textMessageRows(centers, event.from, event.to, event.label);
}

/** The legend of the mark letters used in the chart; empty when it has no marks. */
function textLegend(chart: Chart): string[] {
  const used = new Set(chart.steps.flatMap((s) => s.events).flatMap((e) => (e.kind === 'mark' ? [e.mark] : [])));
  const kinds = MARK_KINDS.filter((k) => used.has(k));
  return kinds.length === 0 ? [] : [`Marks: ${kinds.map((k) => `${SEQUENCE_MARK_PREFIX[k]} ${MARK_MEANING[k]}`).join(', ')}`];
}

/**
 * The trace as a plain-text message-sequence chart, in ASCII so that it lines up in any terminal
 * (labels are written as given). At the top the group names, each centred in a `-` rule over its
 * lanes, and the lane names; then one block per step: `Step N: Action`, and a row per event:
 *
 * - a message is an arrow between the two lane columns, `|---label-->|` or `|<--label---|`,
 *   the label next to the sender and lanes in between crossed with `+`; a message to the same
 *   lane is a loop out and back;
 * - a mark is written on its lane as `[K label]`, the letter naming its kind
 *   ({@link SEQUENCE_MARK_PREFIX}: `K` kernel entry, `B` blocks, `U` unblocked, `F` fault,
 *   `N` note); a legend of the letters used ends the chart.
 *
 * A step without events is one row of bare lanes. The highlighted step (the last one unless
 * `options.highlightStep` says otherwise) has `*` in the first column of each of its lines and
 * `options.highlight` after its action, as `<-- note`; `highlightStep: 'initial'` writes the note
 * on a `* State 1 (initial)` line before the first step.
 *
 * A lasso (`trace.loop`, a liveness counterexample) marks how it goes on for ever: the cycle's
 * lines carry `:` in the second column, under ` .-- steps 21-24 repeat for ever ---` and over
 * ` '-- back to step 21, and round again for ever ---`; a lasso ending in a deadlock ends with
 * ` === state N stays here for ever (deadlock: no action is enabled) ---`.
 *
 * Throws an `Error` when the model has no sequence view, or when an event names a lane the view
 * does not have (the message names the step and the index).
 *
 * @example
 * const v = check(model).verdicts['never replied'];
 * if (v.status === 'violated') console.log(traceToSequenceText(model, v.trace, { highlight: "violates 'never replied'" }));
 * //       ------ app ------      - daemon -
 * //       client      pager        server
 * //         |           |            |
 * //   Step 1: Call
 * //         |--call(7)--+----------->|
 * //   [B wait reply]    |            |
 * // * Step 2: Reply   <-- violates 'never replied'
 * // *       |<----------+--reply(8)--|
 * // Marks: B blocks
 */
export function traceToSequenceText<S, A extends Action>(model: Model<S, A>, trace: Trace<S, A>, options: SequenceChartOptions = {}): string {
  const chart = buildChart('traceToSequenceText', model, trace, options);
  const spans = groupSpans(chart.lanes);
  const headings = textHeadingWidths(chart.lanes, spans);
  const centers = laneCenters(chart.lanes.length, textFirstColumn(chart, headings), TEXT_MIN_GAP, textSpacings(chart, spans, headings));

  const lines: string[] = [];
  if (options.title) lines.push(options.title);
  if (spans.length > 0) lines.push(groupRow(spans, centers, headings).toString());
  const names = new TextRow();
  chart.lanes.forEach((lane, i) => names.put(centers[i] - leftOf(charLength(lane.name)), lane.name));
  lines.push(names.toString(), barsRow(centers).toString());
  if (chart.initialHighlighted) lines.push(`* State 1 (initial)${options.highlight ? `   <-- ${options.highlight}` : ''}`);
  // A lasso's cycle is bracketed by ':' in the second column, under a line that says it repeats.
  const lasso = chart.lasso;
  const words = lasso && lassoWords(lasso);
  const ruleTexts = words ? [words.open, words.close].filter((t) => t !== undefined).map((t) => `.-- ${t}`) : [];
  const ruleWidth = Math.max(names.toString().length, ...ruleTexts.map((t) => charLength(t) + 5));
  const rule = (text: string) => ` ${text.replace(/–/g, '-')} ${'-'.repeat(ruleWidth - charLength(text) - 2)}`;
  for (const step of chart.steps) {
    const marker = step.highlighted ? '*' : ' ';
    const inCycle = lasso?.kind === 'cycle' && step.number >= lasso.first;
    const bracket = inCycle ? ':' : ' ';
    if (inCycle && step.number === lasso.first && words?.open) lines.push(rule(`.-- ${words.open}`));
    const note = step.highlighted && options.highlight ? `   <-- ${options.highlight}` : '';
    lines.push(`${marker}${bracket}Step ${step.number}: ${step.label}${note}`);
    const rows = step.events.length === 0 ? [barsRow(centers)] : step.events.flatMap((e) => textEventRows(centers, e));
    for (const row of rows) lines.push(row.put(0, marker + bracket).toString());
  }
  if (lasso?.kind === 'cycle' && words) lines.push(rule(`'-- ${words.close}`));
  if (lasso?.kind === 'deadlock' && words) lines.push(rule(`=== ${words.close}`));
  lines.push(...textLegend(chart));
  return lines.join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------
// SVG
// ---------------------------------------------------------------------------------------------

const FONT_SIZE = 12;
/** Courier's advance is 0.6 em, as Graphviz and the usual monospace fallbacks measure it. */
const CHAR_WIDTH = FONT_SIZE * 0.6;
const PAD = 12;
const ROW_HEIGHT = 30;
const LINE_HEIGHT = 18;
const SVG_MIN_GAP = 60;
/** Width of a self-message's loop, and the space between it and its label. */
const LOOP_WIDTH = 24;
const LOOP_LABEL_GAP = 6;
/** Horizontal padding inside a mark's box and around a lane's name. */
const BOX_PAD = 6;
const HEADING_PAD = 8;
/** Extra space between the boxes of two groups. */
const GROUP_GAP = 8;
/** Room for the arrowhead at the end of a message. */
const ARROW_ROOM = 10;

const INK = '#333333';
const LANE_COLOR = '#999999';
const RULE_COLOR = '#dddddd';
const GROUP_FILL = '#f4f6f8';
const GROUP_STROKE = '#c8d0d8';
const HIGHLIGHT_FILL = '#fdecea';
const HIGHLIGHT_INK = '#c0392b';
/** A lasso's band and ink: the orange of the DOT drawing's cycle. */
const LASSO_FILL = '#fdf2e9';
const LASSO_INK = '#d35400';

/** The fill and outline of a mark's box, by kind. */
const MARK_COLORS: Readonly<Record<SequenceMark, { readonly fill: string; readonly stroke: string }>> = {
  kernel: { fill: '#dbe9f7', stroke: '#2e6da4' },
  block: { fill: '#fde2c4', stroke: '#b9770e' },
  unblock: { fill: '#d5f0dc', stroke: '#1e8449' },
  fault: { fill: '#f9d0d0', stroke: '#c0392b' },
  note: { fill: '#eeeeee', stroke: '#777777' },
};

/**
 * Escapes text for SVG (XML) content and attribute values: `&`, `<`, `>`, `"` and `'`.
 *
 * @example
 * xmlEscape('a & <b> "c"'); // 'a &amp; &lt;b&gt; &quot;c&quot;'
 */
export function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** A coordinate as written in the SVG: at most one decimal, so that output never depends on float noise. */
function num(x: number): string {
  return String(Math.round(x * 10) / 10);
}

/** The drawn width of a text in pixels. */
function textWidth(text: string): number {
  return charLength(text) * CHAR_WIDTH;
}

/** A `<text>` element with its content escaped; `attrs` are extra attributes, each with a leading space. */
function svgText(x: number, y: number, text: string, attrs = ''): string {
  return `<text x="${num(x)}" y="${num(y)}"${attrs}>${xmlEscape(text)}</text>`;
}

/** The label at the left of a step's first row. */
function stepLabel(step: ChartStep): string {
  return `${step.number}. ${step.label}`;
}

/** The width of the box a mark is drawn in. */
function markBoxWidth(label: string): number {
  return textWidth(label) + 2 * BOX_PAD;
}

/** How far right of its lane a self-message reaches, label included. */
function selfMessageReach(label: string): number {
  return LOOP_WIDTH + LOOP_LABEL_GAP + textWidth(label);
}

/** The width of each lane's column heading: its name, or a lone group's name, with padding. */
function svgColumnWidths(lanes: readonly SequenceLane[], spans: readonly GroupSpan[]): number[] {
  return lanes.map((lane, i) => {
    const alone = singleLaneGroup(spans, i);
    return Math.max(textWidth(lane.name), alone ? textWidth(alone.name) : 0) + 2 * HEADING_PAD;
  });
}

/** What the SVG needs between its lanes so that headings, group boxes, arrows and marks never collide. */
function svgSpacings(chart: Chart, spans: readonly GroupSpan[], columns: readonly number[]): Spacing[] {
  const n = chart.lanes.length;
  const spacings: Spacing[] = [];
  for (let i = 0; i + 1 < n; i++) {
    spacings.push(between(i, i + 1, (columns[i] + columns[i + 1]) / 2 + (differentGroups(chart.lanes, i, i + 1) ? GROUP_GAP : 0)));
  }
  for (const g of spans) {
    if (g.last > g.first) spacings.push(between(g.first, g.last, textWidth(g.name) + 2 * HEADING_PAD - (columns[g.first] + columns[g.last]) / 2));
  }
  for (const event of chart.steps.flatMap((s) => s.events)) {
    if (event.kind === 'message' && event.from !== event.to) {
      spacings.push(between(event.from, labelNeighbour(event.from, event.to), textWidth(event.label) + 2 * PAD + ARROW_ROOM));
    }
    else if (event.kind === 'message' && event.from + 1 < n) spacings.push(between(event.from, event.from + 1, selfMessageReach(event.label) + PAD));
    else if (event.kind === 'mark') {
      const half = markBoxWidth(event.label) / 2 + PAD;
      if (event.lane > 0) spacings.push(between(event.lane - 1, event.lane, half));
      if (event.lane + 1 < n) spacings.push(between(event.lane, event.lane + 1, half));
    }
  }
  return spacings;
}

/** How far left of lane `lane`'s centre the drawing reaches, and how far right. */
function svgReach(chart: Chart, columns: readonly number[], lane: number): { readonly left: number; readonly right: number } {
  let left = columns[lane] / 2;
  let right = columns[lane] / 2;
  for (const event of chart.steps.flatMap((s) => s.events)) {
    if (event.kind === 'mark' && event.lane === lane) {
      left = Math.max(left, markBoxWidth(event.label) / 2);
      right = Math.max(right, markBoxWidth(event.label) / 2);
    }
    if (event.kind === 'message' && event.from === lane && event.to === lane) right = Math.max(right, selfMessageReach(event.label));
  }
  return { left, right };
}

/** The rows a step takes: one per event (at least one), plus one for the highlight note. */
function stepRows(step: ChartStep, note: string | undefined): number {
  return Math.max(1, step.events.length) + (step.highlighted && note ? 1 : 0);
}

/**
 * One block of the SVG chart's rows, top to bottom: the highlighted initial state, the line over a
 * lasso's cycle, a step, or the line under the lasso (back to the cycle's start, or the deadlock).
 */
type SvgBlock =
  | { readonly kind: 'initial' }
  | { readonly kind: 'open'; readonly text: string }
  | { readonly kind: 'step'; readonly step: ChartStep }
  | { readonly kind: 'close'; readonly text: string };

/** The chart's blocks in drawing order. */
function svgBlocks(chart: Chart): SvgBlock[] {
  const words = chart.lasso && lassoWords(chart.lasso);
  const blocks: SvgBlock[] = chart.initialHighlighted ? [{ kind: 'initial' }] : [];
  for (const step of chart.steps) {
    if (chart.lasso?.kind === 'cycle' && step.number === chart.lasso.first && words?.open) blocks.push({ kind: 'open', text: `↻ ${words.open}` });
    blocks.push({ kind: 'step', step });
  }
  if (words) blocks.push({ kind: 'close', text: chart.lasso?.kind === 'cycle' ? `↺ ${words.close}` : words.close });
  return blocks;
}

/** The rows a block takes. */
function blockRows(block: SvgBlock, note: string | undefined): number {
  if (block.kind === 'step') return stepRows(block.step, note);
  return block.kind === 'initial' && note ? 2 : 1;
}

/** The arrowhead every message ends in. */
function svgDefs(): string {
  return (
    '<defs><marker id="msc-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto">' +
    `<path d="M 0 0 L 10 5 L 0 10 z" fill="${INK}"/></marker></defs>`
  );
}

/** The SVG elements of one event in the row whose top is `top`. */
function svgEvent(event: SequenceEvent, centers: readonly number[], top: number): string[] {
  if (event.kind === 'mark') {
    const x = centers[event.lane];
    const width = markBoxWidth(event.label);
    const { fill, stroke } = MARK_COLORS[event.mark];
    return [
      `<g class="mark ${event.mark}"><title>${event.mark}</title>` +
        `<rect x="${num(x - width / 2)}" y="${num(top + 5)}" width="${num(width)}" height="20" rx="3" fill="${fill}" stroke="${stroke}"/>` +
        svgText(x, top + 19, event.label, ' text-anchor="middle"') +
        '</g>',
    ];
  }
  const from = centers[event.from];
  if (event.from === event.to) {
    return [
      `<path class="message" d="M ${num(from)} ${num(top + 9)} h ${LOOP_WIDTH} v 14 h ${-LOOP_WIDTH}" fill="none" stroke="${INK}" marker-end="url(#msc-arrow)"/>`,
      svgText(from + LOOP_WIDTH + LOOP_LABEL_GAP, top + 20, event.label),
    ];
  }
  const to = centers[event.to];
  const y = top + 20;
  return [
    `<line class="message" x1="${num(from)}" y1="${num(y)}" x2="${num(to)}" y2="${num(y)}" stroke="${INK}" marker-end="url(#msc-arrow)"/>`,
    svgText((from + centers[labelNeighbour(event.from, event.to)]) / 2, y - 5, event.label, ' text-anchor="middle"'),
  ];
}

/**
 * The trace as a standalone SVG message-sequence chart, drawn directly (no Graphviz): lanes as
 * vertical lines under their names, the names of groups above them in a light box spanning the
 * group's lanes; then one row per event in trace order, with each step's number and action at
 * the left of its first row and a faint rule between steps. A message is a horizontal arrow with
 * its label above it (a message to the same lane is a small loop), a mark a small labelled box on
 * its lane, filled by kind (kernel blue, block orange, unblock green, fault red, note grey).
 *
 * The highlighted step (the last one unless `options.highlightStep` says otherwise) lies on a light
 * red band, with `options.highlight` in red in a row of its own (`highlightStep: 'initial'`: a
 * row for the initial state before the first step). A lasso's cycle lies on a light orange band
 * with an orange bracket at the left, from a row `↻ steps 21–24 repeat for ever` over it to a row
 * `↺ back to step 21, and round again for ever` under it; a deadlock end gets an orange row
 * `state N stays here for ever`. Sizes follow the label lengths in
 * a Courier font; every label is XML-escaped; the output is deterministic. Elements carry classes
 * (`lane`, `group`, `message`, `mark`, `highlight`, `lasso`, `lasso-bracket`, `lasso-note`) for styling and tests.
 *
 * Throws an `Error` when the model has no sequence view, or when an event names a lane the view
 * does not have (the message names the step and the index).
 *
 * @example
 * const v = check(model).verdicts['never replied'];
 * if (v.status === 'violated') writeFileSync('never-replied.svg', traceToSequenceSvg(model, v.trace, { highlight: "violates 'never replied'" }));
 * traceToSequenceSvg(model, trace).startsWith('<svg'); // true
 */
export function traceToSequenceSvg<S, A extends Action>(model: Model<S, A>, trace: Trace<S, A>, options: SequenceChartOptions = {}): string {
  const chart = buildChart('traceToSequenceSvg', model, trace, options);
  const spans = groupSpans(chart.lanes);
  const columns = svgColumnWidths(chart.lanes, spans);
  const note = options.highlight;

  const gutter = PAD + Math.max(0, ...chart.steps.map((s) => textWidth(stepLabel(s)))) + PAD;
  const first = chart.lanes.length === 0 ? gutter : Math.ceil(gutter + svgReach(chart, columns, 0).left);
  const centers = laneCenters(chart.lanes.length, first, SVG_MIN_GAP, svgSpacings(chart, spans, columns));
  const last = chart.lanes.length - 1;
  const chartRight = last < 0 ? gutter : centers[last] + svgReach(chart, columns, last).right + PAD;
  const blocks = svgBlocks(chart);
  const blockTexts = blocks.map((b) => (b.kind === 'open' || b.kind === 'close' ? 2 * PAD + textWidth(b.text) : 0));
  const width = Math.ceil(Math.max(chartRight, options.title ? 2 * PAD + textWidth(options.title) : 0, note ? 2 * PAD + textWidth(note) : 0, ...blockTexts));

  let y = PAD;
  const titleY = y + FONT_SIZE;
  if (options.title) y += LINE_HEIGHT + 4;
  const groupNameY = y + 16;
  const laneNameY = spans.length > 0 ? groupNameY + LINE_HEIGHT : y + 16;
  const headerBottom = laneNameY + 8;
  const rowsTop = headerBottom + 10;
  const rowsHeight = blocks.reduce((sum, b) => sum + blockRows(b, note) * ROW_HEIGHT, 0);
  const lanesBottom = rowsTop + rowsHeight + 10;
  const height = lanesBottom + PAD;

  const body: string[] = [];
  body.push(`<rect width="100%" height="100%" fill="#ffffff"/>`);
  if (options.title) body.push(svgText(PAD, titleY, options.title, ' font-weight="bold"'));
  for (const g of spans) {
    const left = centers[g.first] - columns[g.first] / 2;
    const right = centers[g.last] + columns[g.last] / 2;
    body.push(
      `<g class="group"><rect x="${num(left)}" y="${num(y)}" width="${num(right - left)}" height="${num(headerBottom - y)}" rx="4" fill="${GROUP_FILL}" stroke="${GROUP_STROKE}"/>` +
        svgText((left + right) / 2, groupNameY, g.name, ' text-anchor="middle" font-weight="bold"') +
        '</g>',
    );
  }
  chart.lanes.forEach((lane, i) => body.push(svgText(centers[i], laneNameY, lane.name, ' text-anchor="middle"')));

  // Bands first, so that lanes, rules and events are drawn over them: a lasso's (from the line
  // over its cycle to the line under it, with a bracket at the left edge), then the highlight's.
  let top = rowsTop;
  let lassoTop: number | undefined;
  const highlights: string[] = [];
  let bracket: string | undefined;
  for (const block of blocks) {
    const height = blockRows(block, note) * ROW_HEIGHT;
    if (block.kind === 'open' || (block.kind === 'close' && lassoTop === undefined)) lassoTop = top;
    if (block.kind === 'close' && lassoTop !== undefined) {
      const h = top + height - lassoTop;
      body.push(`<rect class="lasso" x="0" y="${num(lassoTop)}" width="${num(width)}" height="${num(h)}" fill="${LASSO_FILL}"/>`);
      bracket = `<path class="lasso-bracket" d="M 8 ${num(lassoTop + 4)} h -4 v ${num(h - 8)} h 4" fill="none" stroke="${LASSO_INK}" stroke-width="2"/>`;
    }
    if ((block.kind === 'step' && block.step.highlighted) || block.kind === 'initial') {
      highlights.push(`<rect class="highlight" x="0" y="${num(top)}" width="${num(width)}" height="${num(height)}" fill="${HIGHLIGHT_FILL}"/>`);
    }
    top += height;
  }
  // The bracket over a highlight band that lies on the cycle.
  body.push(...highlights, ...(bracket ? [bracket] : []));
  chart.lanes.forEach((_, i) =>
    body.push(`<line class="lane" x1="${num(centers[i])}" y1="${num(headerBottom)}" x2="${num(centers[i])}" y2="${num(lanesBottom)}" stroke="${LANE_COLOR}"/>`),
  );

  top = rowsTop;
  for (const block of blocks) {
    if (top > rowsTop) body.push(`<line class="step-rule" x1="0" y1="${num(top)}" x2="${num(width)}" y2="${num(top)}" stroke="${RULE_COLOR}" stroke-dasharray="3 3"/>`);
    if (block.kind === 'step') {
      const step = block.step;
      const ink = step.highlighted ? ` fill="${HIGHLIGHT_INK}" font-weight="bold"` : '';
      body.push(svgText(PAD, top + 19, stepLabel(step), ink));
      step.events.forEach((event, k) => body.push(...svgEvent(event, centers, top + k * ROW_HEIGHT)));
      if (step.highlighted && note) body.push(svgText(PAD, top + Math.max(1, step.events.length) * ROW_HEIGHT + 19, note, ` fill="${HIGHLIGHT_INK}"`));
    } else if (block.kind === 'initial') {
      body.push(svgText(PAD, top + 19, 'State 1 (initial)', ` fill="${HIGHLIGHT_INK}" font-weight="bold"`));
      if (note) body.push(svgText(PAD, top + ROW_HEIGHT + 19, note, ` fill="${HIGHLIGHT_INK}"`));
    } else {
      body.push(svgText(PAD, top + 19, block.text, ` class="lasso-note" fill="${LASSO_INK}" font-weight="bold"`));
    }
    top += blockRows(block, note) * ROW_HEIGHT;
  }

  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
    `font-family="Courier, monospace" font-size="${FONT_SIZE}" fill="${INK}">\n` +
    `${svgDefs()}\n${body.join('\n')}\n</svg>\n`
  );
}
