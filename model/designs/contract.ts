/**
 * Singularity channel contracts as data (spec card M12): a small state machine of messages,
 * written from the exporter's side as Sing# writes it. `M?` (`in`) means the exporter receives M
 * (the importer sends it), `M!` (`out`) that the exporter sends it. From a contract follow the
 * number of message slots each endpoint gets at `NewChannel`, K(C, dir): the longest run of
 * same-direction messages on any path from the initial state ("the maximal number of message
 * receipts since the last send", EuroSys'06 §2.4).
 *
 * The cycle rule: every cycle of a contract must contain at least one `!` and one `?`; otherwise
 * one side may send for ever while the other sends nothing back, and no K bounds its queue. The
 * Sing# compiler carries the diagnostics `StateIsPartOfPureSendLoop`, `…PureRecvLoop` and
 * `…PureLoop` (`base/build/sgc/Microsoft.SingSharp.dll`); {@link checkContract} reports such a
 * cycle, with the cycle and a fix, as a {@link ContractError} before any model is searched.
 *
 * Sources: lastweek/source-singularity@d37047d `docs/Papers/2006_EuroSys_LanguageSupportForFastCommunication.pdf`
 * (§2.4), `docs/Design Notes/SDN5 Channel Contracts.pdf` (StreamXonXoff),
 * `base/Contracts/Io.Net.Contracts/NicDeviceEventContract.sg`.
 */
import { ModelDefinitionError } from '../core/definitionError.js';

/**
 * A message's direction, from the exporter's side: `in` (`M?`, the exporter receives it) or `out`
 * (`M!`, the exporter sends it).
 *
 * @example
 * const d: Direction = 'in'; // Req? in the RPC contract
 */
export type Direction = 'in' | 'out';

/**
 * One transition of a contract: in state `from`, message `message` goes in direction `dir`, and
 * both endpoints' protocol state becomes `to` once it is sent (the sender's) or received (the
 * receiver's).
 *
 * @example
 * const s: ContractStep = { from: 'Start', message: 'Req', dir: 'in', to: 'Sent' };
 */
export interface ContractStep {
  readonly from: string;
  readonly message: string;
  readonly dir: Direction;
  readonly to: string;
}

/**
 * A channel contract: its name, initial state and transitions. A state with several transitions
 * is Sing#'s `one { … }`: receive choices belong to the importer, send choices to the exporter.
 *
 * @example
 * const c: Contract = defineContract('Rpc', 'Start', [['Start', 'Req?', 'Sent'], ['Sent', 'Reply!', 'Start']]);
 */
export interface Contract {
  readonly name: string;
  readonly initial: string;
  readonly steps: readonly ContractStep[];
}

/**
 * A contract from rules `[from, 'M?' | 'M!', to]`.
 *
 * @example
 * const nic = defineContract('NicDeviceEvent', 'READY', [['READY', 'NicDeviceEvent!', 'ACK'], ['ACK', 'AckNicDeviceEvent?', 'READY']]);
 */
export function defineContract(name: string, initial: string, rules: readonly (readonly [string, string, string])[]): Contract {
  const steps = rules.map(([from, m, to]): ContractStep => {
    const dir = m.endsWith('?') ? 'in' : m.endsWith('!') ? 'out' : undefined;
    if (dir === undefined) throw new ModelDefinitionError(`contract ${name}: message '${m}' in state ${from} must end in ? (the exporter receives it) or ! (the exporter sends it)`);
    return { from, message: m.slice(0, -1), dir, to };
  });
  for (const s of steps) {
    if (steps.some((o) => o !== s && o.from === s.from && o.message === s.message)) throw new ModelDefinitionError(`contract ${name}: state ${s.from} names message ${s.message} twice`);
  }
  return { name, initial, steps };
}

/**
 * The request-reply contract of a service channel (card M12): `Start: Req? -> one { Reply! ->
 * Start; Error! -> Start; }`. K = 1 in both directions.
 *
 * @example
 * bound(RPC, 'in'); // 1
 */
export const RPC: Contract = defineContract('Rpc', 'Start', [
  ['Start', 'Req?', 'Sent'],
  ['Sent', 'Reply!', 'Start'],
  ['Sent', 'Error!', 'Start'],
]);

/**
 * A one-way event stream with a credit of one, Singularity's `NicDeviceEventContract`:
 * `READY: NicDeviceEvent! -> AckNicDeviceEvent? -> READY` (the exporter produces). K = 1 in both
 * directions.
 *
 * @example
 * bound(NIC_DEVICE_EVENT, 'out'); // 1
 */
export const NIC_DEVICE_EVENT: Contract = defineContract('NicDeviceEvent', 'READY', [
  ['READY', 'NicDeviceEvent!', 'ACK'],
  ['ACK', 'AckNicDeviceEvent?', 'READY'],
]);

/**
 * Card M12 F1's ill-formed stream: `state S: one { Data? -> S; Stop? -> End; }`. The importer may
 * send Data for ever: a pure receive loop on the exporter's side.
 *
 * @example
 * pureLoop(DATA_STOP)?.cycle.map((s) => s.message); // ['Data']
 */
export const DATA_STOP: Contract = defineContract('DataStop', 'S', [
  ['S', 'Data?', 'S'],
  ['S', 'Stop?', 'End'],
]);

/**
 * SDN5's own `StreamXonXoff` as the card quotes it: `START: one { Xoff! -> WAIT; Request? ->
 * START; }` (WAIT's rules are not quoted, so it has none here). `Request?` loops on START.
 *
 * @example
 * pureLoop(XON_XOFF)?.cycle.map((s) => s.from); // ['START']
 */
export const XON_XOFF: Contract = defineContract('StreamXonXoff', 'START', [
  ['START', 'Xoff!', 'WAIT'],
  ['START', 'Request?', 'START'],
]);

/**
 * The transitions out of `state`.
 *
 * @example
 * stepsFrom(RPC, 'Sent').map((s) => s.message); // ['Reply', 'Error']
 */
export function stepsFrom(c: Contract, state: string): ContractStep[] {
  return c.steps.filter((s) => s.from === state);
}

/**
 * The contract's states, the initial one first, then in the order the rules name them.
 *
 * @example
 * states(RPC); // ['Start', 'Sent']
 */
export function states(c: Contract): string[] {
  return [...new Set([c.initial, ...c.steps.flatMap((s) => [s.from, s.to])])];
}

/** The states reachable from the initial state. */
function reachable(c: Contract): string[] {
  const seen = [c.initial];
  for (let i = 0; i < seen.length; i++) for (const s of stepsFrom(c, seen[i])) if (!seen.includes(s.to)) seen.push(s.to);
  return seen;
}

/**
 * A reachable cycle whose messages all go one way, if the contract has one: the cycle rule's
 * violation. `cycle` lists its transitions in order, from the first state the search meets.
 *
 * @example
 * pureLoop(RPC); // undefined
 * pureLoop(DATA_STOP); // { dir: 'in', cycle: [{ from: 'S', message: 'Data', dir: 'in', to: 'S' }] }
 */
export function pureLoop(c: Contract): { readonly dir: Direction; readonly cycle: readonly ContractStep[] } | undefined {
  for (const dir of ['in', 'out'] as const) {
    const cycle = loopOf(c, dir);
    if (cycle !== undefined) return { dir, cycle };
  }
  return undefined;
}

/** A reachable cycle of `dir` messages only, by depth-first search from each reachable state. */
function loopOf(c: Contract, dir: Direction): ContractStep[] | undefined {
  const done = new Set<string>();
  const visit = (state: string, path: ContractStep[]): ContractStep[] | undefined => {
    for (const s of stepsFrom(c, state).filter((x) => x.dir === dir)) {
      const back = path.findIndex((p) => p.from === s.to);
      if (back >= 0 || s.to === state) return [...path.slice(back >= 0 ? back : path.length), s];
      if (done.has(s.to)) continue;
      const found = visit(s.to, [...path, s]);
      if (found !== undefined) return found;
    }
    done.add(state);
    return undefined;
  };
  for (const start of reachable(c)) {
    if (done.has(start)) continue;
    const cycle = visit(start, []);
    if (cycle !== undefined) return cycle;
  }
  return undefined;
}

/**
 * K(C, dir): the longest run of `dir` messages on any path from the initial state, the number of
 * slots the receiving endpoint gets at `NewChannel`; `Infinity` when a pure loop makes it
 * unbounded.
 *
 * @example
 * bound(RPC, 'in'); // 1
 * bound(DATA_STOP, 'in'); // Infinity
 */
export function bound(c: Contract, dir: Direction): number {
  if (loopOf(c, dir) !== undefined) return Infinity;
  const memo = new Map<string, number>();
  const run = (state: string): number => {
    const known = memo.get(state);
    if (known !== undefined) return known;
    const k = Math.max(0, ...stepsFrom(c, state).filter((s) => s.dir === dir).map((s) => 1 + run(s.to)));
    memo.set(state, k);
    return k;
  };
  return Math.max(0, ...reachable(c).map(run));
}

/**
 * The slots an implementation that skips the cycle rule would give an endpoint: the longest run
 * of `dir` messages that goes round no cycle more than once (1 for F1's `S: Data? -> S`). Equal
 * to {@link bound} on a well-formed contract.
 *
 * @example
 * naiveBound(DATA_STOP, 'in'); // 1
 */
export function naiveBound(c: Contract, dir: Direction): number {
  const run = (state: string, seen: readonly string[]): number =>
    Math.max(0, ...stepsFrom(c, state).filter((s) => s.dir === dir).map((s) => (seen.includes(s.to) ? 1 : 1 + run(s.to, [...seen, s.to]))));
  return Math.max(0, ...reachable(c).map((s) => run(s, [s])));
}

/**
 * A contract that breaks the cycle rule: it names the contract, the direction of its pure loop
 * and the loop itself.
 *
 * @example
 * try { checkContract(DATA_STOP); } catch (e) { if (e instanceof ContractError) e.cycle; }
 */
export class ContractError extends ModelDefinitionError {
  constructor(
    readonly contract: string,
    readonly dir: Direction,
    readonly cycle: readonly ContractStep[],
    message: string,
  ) {
    super(message);
    this.name = 'ContractError';
  }
}

/** A transition as Sing# writes it: `S -Data?-> S`. */
const showStep = (s: ContractStep, withFrom = true) => `${withFrom ? `${s.from} ` : ''}-${s.message}${s.dir === 'in' ? '?' : '!'}-> ${s.to}`;

/**
 * `c` itself when it keeps the cycle rule; else throws the {@link ContractError} that names the
 * pure loop, why it is refused and how to fix it.
 *
 * @example
 * checkContract(RPC); // RPC
 * checkContract(DATA_STOP); // throws: contract DataStop is ill-formed: state S is part of a pure receive loop S -Data?-> S …
 */
export function checkContract(c: Contract): Contract {
  const loop = pureLoop(c);
  if (loop === undefined) return c;
  const [first] = loop.cycle;
  const [sender, receiver] = loop.dir === 'in' ? ['importer', 'exporter'] : ['exporter', 'importer'];
  const answer = loop.dir === 'in' ? '!' : '?';
  const cycle = `${first.from} ${loop.cycle.map((s) => showStep(s, false)).join(' ')}`;
  const messages = [...new Set(loop.cycle.map((s) => s.message))].join(', ');
  throw new ContractError(
    c.name,
    loop.dir,
    loop.cycle,
    `contract ${c.name} is ill-formed: state ${first.from} is part of a pure ${loop.dir === 'in' ? 'receive' : 'send'} loop ${cycle} ` +
      `(from the exporter's side: the ${sender} may send ${messages} for ever while the ${receiver} sends nothing back). ` +
      `Every cycle of a contract needs at least one ! and one ?, so that each direction's queue is bounded by K(C, dir), the longest run of same-direction messages on any path; ` +
      `on this cycle no number of endpoint slots is enough. Fix: make the ${receiver} answer on the cycle, for example ` +
      `${first.from} -${first.message}${loop.dir === 'in' ? '?' : '!'}-> ${first.from}_ACK -Ack${answer}-> ${first.to}, as NicDeviceEventContract acknowledges each event.`,
  );
}
