/**
 * The fairness argument of a liveness counterexample, in words: why the lasso is a path the
 * model's fairness allows, and why the goal never comes on it. Every claim is read off the trace's
 * states and the model (its actions, `fairness.groupOf` and `fairness.enabled`, the property's
 * predicates), never taken on trust from the verdict: a cycle the model's fairness would reject is
 * said to be not fair, and a goal that does hold somewhere is named.
 *
 * States and steps are numbered as the text trace numbers them: state 1 is the initial state,
 * step k leads to state k + 1.
 */
import type { Action, FairnessGroup, Model } from '../model/core/model.js';
import { formatAction } from '../model/core/model.js';
import type { PropertyResult } from '../checker/result.js';
import type { Trace } from '../checker/trace.js';

/** How many numbers a list names before it says how many more there are. */
const LIST_MAX = 5;

/** What one fairness group does on a lasso's cycle (numbers as the text trace prints them). */
interface GroupOnCycle {
  readonly name: string;
  readonly kind: FairnessGroup['kind'];
  /** The cycle's steps this group takes. */
  readonly taken: number[];
  /** The cycle's states where this group is enabled. */
  readonly enabledAt: number[];
}

/** A lasso's cycle: its first and last state (numbered from 1; the last step returns to `first`) and its groups. */
interface Cycle {
  readonly first: number;
  readonly last: number;
  readonly groups: readonly GroupOnCycle[];
  /** The cycle's steps that belong to no fairness group. */
  readonly environment: readonly number[];
  /** Their actions' labels, each once. */
  readonly environmentLabels: readonly string[];
}

/** `a`, `a and b`, `a, b and c`. */
function andList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** `step 3`, `steps 3, 5 and 7`, or for a long list `steps 3, 5, 7, 9, 11 and 4 more`. */
function numbered(noun: 'step' | 'state', numbers: readonly number[]): string {
  if (numbers.length === 1) return `${noun} ${numbers[0]}`;
  const shown = numbers.length <= LIST_MAX ? numbers.map(String) : [...numbers.slice(0, LIST_MAX).map(String), `${numbers.length - LIST_MAX} more`];
  return `${noun}s ${andList(shown)}`;
}

/** `step 4` or `steps 2–9`; `state 4` or `states 2–9`. */
function range(noun: 'step' | 'state', first: number, last: number): string {
  return first === last ? `${noun} ${first}` : `${noun}s ${first}–${last}`;
}

/** `weakly fair`, `strongly fair`, `no fairness`. */
function kindWords(kind: FairnessGroup['kind']): string {
  return kind === 'weak' ? 'weakly fair' : kind === 'strong' ? 'strongly fair' : 'no fairness';
}

/** `'philosopher 1' (weakly fair`: the caller closes the parenthesis, after any detail. */
function named(g: GroupOnCycle): string {
  return `'${g.name}' (${kindWords(g.kind)}`;
}

/**
 * A category of groups: `head: 'a' (detail) and 'b' (detail).`, the kind said once in the head
 * when every group of it has the same (`Taken on the cycle (weakly fair): …`), else per group.
 */
function category(head: string, groups: readonly GroupOnCycle[], detail: (g: GroupOnCycle) => string | undefined, tail = ''): string {
  const shared = groups.every((g) => g.kind === groups[0].kind);
  const items = groups.map((g) => {
    const parts = [...(shared ? [] : [kindWords(g.kind)]), ...[detail(g)].filter((d) => d !== undefined)];
    return parts.length === 0 ? `'${g.name}'` : `'${g.name}' (${parts.join(', ')})`;
  });
  return `${head}${shared ? ` (${kindWords(groups[0].kind)})` : ''}${tail}: ${andList(items)}.`;
}

/** The state at position `i` of a trace: 0 the initial state, k the state after step k. */
function stateAt<S, A extends Action>(trace: Trace<S, A>, i: number): S {
  return i === 0 ? trace.init : trace.steps[i - 1].state;
}

/** The groups enabled in `s`: those the model declares, else those of its enabled actions. */
function enabledGroups<S, A extends Action>(model: Model<S, A>, s: S): readonly number[] {
  const fairness = model.fairness;
  if (!fairness) return [];
  if (fairness.enabled) return fairness.enabled(s);
  const out: number[] = [];
  for (const a of model.actions(s)) {
    const g = fairness.groupOf(s, a);
    if (g >= 0 && !out.includes(g)) out.push(g);
  }
  return out;
}

/** What each fairness group does on the cycle of `trace` that starts at state position `loop`. */
function cycleOf<S, A extends Action>(model: Model<S, A>, trace: Trace<S, A>, loop: number): Cycle {
  const fairness = model.fairness;
  const groups: GroupOnCycle[] = (fairness?.groups ?? []).map((g) => ({ name: g.name, kind: g.kind, taken: [], enabledAt: [] }));
  const environment: number[] = [];
  const environmentLabels: string[] = [];
  for (let i = loop; i < trace.steps.length; i++) {
    const s = stateAt(trace, i);
    for (const g of enabledGroups(model, s)) if (groups[g] && !groups[g].enabledAt.includes(i + 1)) groups[g].enabledAt.push(i + 1);
    const g = fairness ? fairness.groupOf(s, trace.steps[i].action) : -1;
    if (groups[g]) groups[g].taken.push(i + 1);
    else {
      environment.push(i + 1);
      const label = formatAction(model, trace.steps[i].action);
      if (!environmentLabels.includes(label)) environmentLabels.push(label);
    }
  }
  return { first: loop + 1, last: trace.steps.length, groups, environment, environmentLabels };
}

/** The cycle's length in states (= in steps). */
function cycleStates(c: Cycle): number {
  return c.last - c.first + 1;
}

/** Whether fairness forbids repeating the cycle for ever because of `g`: weakly fair and always enabled, or strongly fair and ever enabled, and never taken. */
function forcesOff(g: GroupOnCycle, states: number): boolean {
  if (g.taken.length > 0 || g.enabledAt.length === 0) return false;
  return (g.kind === 'weak' && g.enabledAt.length === states) || g.kind === 'strong';
}

/** `'t' (weakly fair) is enabled at every state of the cycle` / `'t' (strongly fair) is enabled at state 4`. */
function forcingGroup(g: GroupOnCycle, states: number): string {
  return g.kind === 'weak' && g.enabledAt.length === states
    ? `${named(g)}) is enabled at every state of the cycle`
    : `${named(g)}) is enabled at ${numbered('state', g.enabledAt)}`;
}

/** The first of the cycle's states where a group is not enabled. */
function firstDisabled(c: Cycle, g: GroupOnCycle): number {
  let s = c.first;
  while (g.enabledAt.includes(s)) s++;
  return s;
}

/** Which groups the cycle serves and which it need not, grouped; the last sentence says it is not fair when it is not. */
function cycleFairness(c: Cycle): string[] {
  const states = cycleStates(c);
  const idle = c.groups.filter((g) => g.taken.length === 0);
  const out: string[] = [];
  const taken = c.groups.filter((g) => g.taken.length > 0);
  if (taken.length > 0) out.push(category('Taken on the cycle', taken, (g) => numbered('step', g.taken)));
  if (c.environment.length > 0) {
    const steps = numbered('step', c.environment);
    const labels = c.environmentLabels.length <= 3 ? c.environmentLabels : [...c.environmentLabels.slice(0, 3), '…'];
    out.push(`${steps[0].toUpperCase()}${steps.slice(1)} (${labels.join(', ')}) belong${c.environment.length === 1 ? 's' : ''} to no fairness group.`);
  }
  const intermittent = idle.filter((g) => g.kind === 'weak' && g.enabledAt.length > 0 && g.enabledAt.length < states);
  if (intermittent.length > 0) {
    const each = intermittent.map((g) => `'${g.name}' (enabled at ${g.enabledAt.length} of the cycle's ${states} states, not at state ${firstDisabled(c, g)})`);
    out.push(`Weakly fair but not enabled continuously on the cycle, so not forced to take a step: ${andList(each)}.`);
  }
  const unpromised = idle.filter((g) => g.kind === 'none' && g.enabledAt.length > 0);
  if (unpromised.length > 0) {
    const each = unpromised.map((g) => `'${g.name}' (at ${g.enabledAt.length} of the cycle's ${states} states)`);
    out.push(`Enabled on the cycle but promised no fairness, so not forced to take a step: ${andList(each)}.`);
  }
  const never = idle.filter((g) => g.enabledAt.length === 0);
  if (never.length > 0) out.push(category('Never enabled on the cycle', never, () => undefined, ', so no fairness forces a step'));
  const starved = idle.filter((g) => forcesOff(g, states));
  if (starved.length > 0) {
    const each = andList(starved.map((g) => forcingGroup(g, states)));
    out.push(`But ${each} and never ${starved.length === 1 ? 'takes' : 'take'} a step on it: by the model's fairness this path is not fair.`);
  }
  return out;
}

/** The property's goal as a predicate with the words for it, or `undefined` when the model does not list the property. */
function goalOf<S, A extends Action>(model: Model<S, A>, pr: PropertyResult<S, A>) {
  const property = model.properties.find((p) => p.name === pr.name && p.kind === pr.kind);
  const v = pr.verdict;
  if (property?.kind === 'leadsTo') {
    // A family of leads-to (`instances`) is decided per instance k; the verdict names the one that fails.
    const instance = v.status === 'violated' ? v.instance : undefined;
    const k = instance !== undefined && property.instances ? Math.max(0, property.instances.indexOf(instance)) : 0;
    const of = `'${pr.name}'${instance !== undefined ? ` for '${instance}'` : ''}`;
    const q = property.q;
    const premise = property.p === 'initial' ? undefined : typeof property.p === 'object' ? 'its premise step is taken' : 'its premise holds';
    if (typeof q === 'object') return { holds: () => false, step: q.step, goal: `the goal step of ${of}`, premise };
    return { holds: (s: S) => q(s, k), goal: `the goal of ${of}`, premise };
  }
  if (property?.kind === 'responseBound') return { holds: property.response, goal: `the response of '${pr.name}'`, premise: 'the request is made' };
  return undefined;
}

/** The sentence saying where the goal does not hold: from the premise's state to the end of the lasso. */
function goalSentence<S, A extends Action>(
  model: Model<S, A>,
  pr: PropertyResult<S, A>,
  trace: Trace<S, A>,
  loop: number,
  premiseAt: number,
  postponed: boolean,
): string | undefined {
  const goal = goalOf(model, pr);
  if (!goal) return undefined;
  const n = trace.steps.length;
  const deadlock = loop === n;
  const from = Math.min(premiseAt, loop);
  const to = deadlock ? n : n - 1;
  const Goal = goal.goal[0].toUpperCase() + goal.goal.slice(1);
  if ('step' in goal && goal.step !== undefined) {
    // A goal over steps: none of the steps after the premise's state (the cycle's included) is one.
    const taken: number[] = [];
    for (let i = from + 1; i <= n; i++) if (goal.step(stateAt(trace, i - 1), trace.steps[i - 1].action, stateAt(trace, i))) taken.push(i);
    if (taken.length > 0) return `Yet ${goal.goal} is taken at ${numbered('step', taken)}: this lasso does not show a violation.`;
    if (from + 1 > n) return `No step follows state ${from + 1}, so ${goal.goal} is never taken.`;
    return `${Goal} is taken at none of ${range('step', from + 1, n)} (every step after state ${from + 1}${deadlock ? '' : ', the cycle included'}), so it never comes.`;
  }
  const holds: number[] = [];
  for (let i = from; i <= to; i++) if (goal.holds(stateAt(trace, i))) holds.push(i + 1);
  if (holds.length > 0) return `Yet ${goal.goal} holds at ${numbered('state', holds)}: this lasso does not show a violation.`;
  const where = goal.premise === undefined ? 'the initial state' : `state ${premiseAt + 1}, where ${goal.premise},`;
  const end = deadlock ? 'the deadlock' : 'the end of the cycle';
  const outcome = postponed ? 'so each round postpones it' : 'so it never comes';
  if (premiseAt > loop) return `${Goal} holds at none of the cycle's ${range('state', loop + 1, n)} (${where} is on the cycle), ${outcome}.`;
  return `${Goal} holds at none of ${range('state', from + 1, to + 1)} (from ${where} to ${end}), ${outcome}.`;
}

/** Where a lasso ending in a deadlock stays, and why fairness allows it. */
function deadlockSentences<S, A extends Action>(model: Model<S, A>, trace: Trace<S, A>): string[] {
  const n = trace.steps.length;
  const last = stateAt(trace, n);
  const actions = model.actions(last).length;
  const out = [
    actions === 0
      ? `The path stops at state ${n + 1}, where no action is enabled, and stays there for ever.`
      : `The path stays at state ${n + 1} for ever, although ${actions} action${actions === 1 ? ' is' : 's are'} enabled there.`,
  ];
  const fairness = model.fairness;
  if (!fairness) return [...out, 'The model declares no fairness, so a path that stops counts.'];
  const enabled = enabledGroups(model, last).map((g) => fairness.groups[g]).filter((g) => g !== undefined);
  const promised = enabled.filter((g) => g.kind !== 'none');
  if (enabled.length === 0) out.push('No fairness group is enabled there, so fairness allows the path to stay.');
  else if (promised.length === 0) out.push(`Only groups promised no fairness are enabled there (${andList(enabled.map((g) => `'${g.name}'`))}), so fairness allows the path to stay.`);
  else out.push(`But ${andList(promised.map((g) => `'${g.name}' (${g.kind === 'weak' ? 'weakly' : 'strongly'} fair)`))} ${promised.length === 1 ? 'is' : 'are'} enabled there: by the model's fairness this path is not fair.`);
  return out;
}

/** Why a cycle that postpones a response can run any number of rounds, and what it counts. */
function postponedSentences<S, A extends Action>(model: Model<S, A>, pr: PropertyResult<S, A>, trace: Trace<S, A>, c: Cycle): string[] {
  const property = model.properties.find((p) => p.name === pr.name && p.kind === pr.kind);
  const unit = property?.kind === 'responseBound' ? property.unit : undefined;
  const out = [`${range('step', c.first, c.last).replace(/^s/, 'S')} form a cycle, from state ${c.first} back to it, that the path can go round any number of times before the response.`];
  if (unit === undefined) out.push(`Each round takes ${cycleStates(c)} step${cycleStates(c) === 1 ? '' : 's'}, all counted.`);
  else {
    const counted: number[] = [];
    for (let i = c.first - 1; i < c.last; i++) if (unit(stateAt(trace, i), trace.steps[i].action, trace.steps[i].state)) counted.push(i + 1);
    out.push(counted.length === 0 ? 'None of its steps is counted: a round adds nothing to the response time.' : `Each round takes ${counted.length} counted step${counted.length === 1 ? '' : 's'}: ${numbered('step', counted)}.`);
  }
  const states = cycleStates(c);
  const forcing = c.groups.filter((g) => forcesOff(g, states));
  if (forcing.length === 0) out.push("Nothing in the model's fairness forces the path off the cycle.");
  else {
    const why = `${andList(forcing.map((g) => forcingGroup(g, states)))} and never ${forcing.length === 1 ? 'takes' : 'take'} a step on it`;
    out.push(`Fairness forces the path off the cycle in the end, as ${why}, but after no fixed number of rounds: the response time has no bound.`);
  }
  return out;
}

/**
 * The fairness argument of a violated liveness property's lasso (`trace.loop` set), one sentence
 * per entry, or `undefined` when the verdict is not a lasso:
 *
 * - a cycle: which steps repeat for ever; which fairness groups take steps on it, which are
 *   enabled on it but not continuously (weak fairness does not force them), which are never
 *   enabled; that the path is not fair, should a group the fairness forces never take a step;
 * - a deadlock: the state the path stays in, and that no fairness group is enabled there;
 * - no fairness declared: that every infinite path counts;
 * - `responseBound` postponed by a cycle: that the cycle can run any number of rounds before the
 *   answer, its counted steps, and which fairness eventually ends it;
 * - last, where the goal (the response) holds at none of the states from the premise on.
 *
 * @example
 * // A test-and-set lock, weakly fair per thread: thread 1 takes the lock and gives it back for ever.
 * const pr = check(lock).properties.find((p) => p.name === 'thread 0 gets the lock')!;
 * fairnessArgument(lock, pr);
 * // ['Steps 1–2 repeat for ever, from state 1 back to it, and the path is fair:',
 * //  "Taken on the cycle (weakly fair): 'thread 1' (steps 1 and 2).",
 * //  "Weakly fair but not enabled continuously on the cycle, so not forced to take a step: 'thread 0' (enabled at 1 of the cycle's 2 states, not at state 2).",
 * //  "The goal of 'thread 0 gets the lock' holds at none of states 1–2 (from state 1, where its premise holds, to the end of the cycle), so it never comes."]
 */
export function fairnessArgument<S, A extends Action>(model: Model<S, A>, pr: PropertyResult<S, A>): string[] | undefined {
  const v = pr.verdict;
  if (v.status !== 'violated' || v.trace.loop === undefined) return undefined;
  const trace = v.trace;
  const loop = trace.loop!;
  const premiseAt = v.premiseAt ?? 0;
  const goal = goalSentence(model, pr, trace, loop, premiseAt, v.why === 'postponed by a cycle');
  const tail = goal === undefined ? [] : [goal];
  if (loop === trace.steps.length) return [...deadlockSentences(model, trace), ...tail];
  const c = cycleOf(model, trace, loop);
  if (v.why === 'postponed by a cycle') return [...postponedSentences(model, pr, trace, c), ...tail];
  const repeats = `${range('step', c.first, c.last).replace(/^s/, 'S')} repeat${c.first === c.last ? 's' : ''} for ever, from state ${c.first} back to it`;
  if (!model.fairness) return [`${repeats}.`, 'The model declares no fairness, so every infinite path counts, this one included.', ...tail];
  const states = cycleStates(c);
  const fair = !c.groups.some((g) => forcesOff(g, states));
  return [fair ? `${repeats}, and the path is fair:` : `${repeats}.`, ...cycleFairness(c), ...tail];
}
