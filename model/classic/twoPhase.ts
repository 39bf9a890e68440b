/**
 * Two-phase commit: Leslie Lamport's TLA+ specification `TwoPhase` (tlaplus/Examples,
 * `specifications/transaction_commit/TwoPhase.tla`; Gray and Lamport, "Consensus on Transaction
 * Commit", 2004), with the consistency condition `TCConsistent` of its companion module `TCommit`.
 *
 * One transaction manager (TM) and `rms` resource managers (RMs). An RM that is working either
 * prepares (and sends a Prepared message) or decides on its own to abort. The TM collects
 * Prepared messages; once it has one from every RM it may commit, and while it has not decided
 * it may abort at any time. Each decision is broadcast; an RM that sees it takes it.
 *
 * Actions, in the order of the TLA+ `TPNext`: `TMCommit`, `TMAbort`, then for each RM in turn
 * `TMRcvPrepared`, `RMPrepare`, `RMChooseToAbort`, `RMRcvCommitMsg`, `RMRcvAbortMsg`. As in the
 * specification, receiving is not guarded by the receiver's state: `TMRcvPrepared(rm)` stays
 * enabled after `rm` is recorded, and `RMRcvCommitMsg(rm)` after `rm` committed. Those steps are
 * self-loops, and each enabled one counts as generated, as TLC counts it.
 *
 * Abstractions: none beyond the specification's own. `msgs` is the set of messages ever sent
 * (never removed, so loss and duplication need no modelling); its possible members are a
 * Prepared message per RM, one Commit and one Abort, so it is held as one flag per message.
 * `tmPrepared` (a subset of RM) is a flag per RM. RM `i` is TLC's model value `r{i+1}`.
 *
 * Properties: the type invariant `TPTypeOK`; `TCConsistent` ("no RM has committed while another
 * has aborted"); deadlock freedom (the specification never stops: decided RMs keep receiving);
 * and two reachability witnesses, that the transaction can commit everywhere and abort everywhere.
 * Published figures for three RMs (the Examples repository's `manifest.json`, from TLC):
 * 288 distinct states, 1146 generated, depth 11.
 *
 * Seeded bugs (`bug`), each breaking `TCConsistent`:
 * - `commitOnFirstPrepared`: the TM commits once any one RM is prepared, not all of them;
 * - `abortAfterCommit`: the TM may still abort after it committed, so both decisions are broadcast.
 */
import { defineModel, type Model } from '../core/model.js';
import { array, bool, oneOf, record, type Infer } from '../core/shape/index.js';
import { always, deadlockFree, sometimes } from '../../properties/index.js';
import { unreachable } from '../core/unreachable.js';

/**
 * The seeded bugs of {@link twoPhase}; `none` is the specification. Each other value breaks
 * `TCConsistent`.
 *
 * @example
 * const bug: TwoPhaseBug = 'commitOnFirstPrepared';
 * check(twoPhase({ rms: 3, bug })).verdicts['TCConsistent'].status; // 'violated'
 */
export type TwoPhaseBug = 'none' | 'commitOnFirstPrepared' | 'abortAfterCommit';

/**
 * The seeded bugs of {@link twoPhase}; `none` is the specification.
 *
 * @example
 * BUGS.includes('none'); // true
 */
export const BUGS: readonly TwoPhaseBug[] = ['none', 'commitOnFirstPrepared', 'abortAfterCommit'];

/**
 * Configuration: the number of resource managers, and a seeded bug.
 *
 * @example
 * const cfg: TwoPhaseConfig = { rms: 3, bug: 'none' };
 */
export interface TwoPhaseConfig {
  readonly rms: number;
  readonly bug: TwoPhaseBug;
}

/**
 * The steps of two-phase commit, named as in the TLA+ specification; `rm` is the index of a
 * resource manager (TLC's `r{rm+1}`).
 *
 * @example
 * const a: TwoPhaseAction = { kind: 'RMPrepare', rm: 0 };
 */
export type TwoPhaseAction =
  | { readonly kind: 'TMCommit' }
  | { readonly kind: 'TMAbort' }
  | { readonly kind: 'TMRcvPrepared'; readonly rm: number }
  | { readonly kind: 'RMPrepare'; readonly rm: number }
  | { readonly kind: 'RMChooseToAbort'; readonly rm: number }
  | { readonly kind: 'RMRcvCommitMsg'; readonly rm: number }
  | { readonly kind: 'RMRcvAbortMsg'; readonly rm: number };

/** The state shape of two-phase commit with `rms` resource managers. */
function twoPhaseShape(rms: number) {
  return record({
    rmState: array(rms, oneOf('working', 'prepared', 'committed', 'aborted')),
    tmState: oneOf('init', 'committed', 'aborted'),
    /** `tmPrepared[rm]`: the TM has received rm's Prepared message. */
    tmPrepared: array(rms, bool()),
    msgs: record({
      /** `prepared[rm]`: the message [type |-> "Prepared", rm |-> rm] is in `msgs`. */
      prepared: array(rms, bool()),
      commit: bool(),
      abort: bool(),
    }),
  });
}

/**
 * A state of two-phase commit: the TLA+ variables `rmState`, `tmState`, `tmPrepared` and `msgs`.
 *
 * @example
 * const s: TwoPhaseState = twoPhase().init()[0];
 * s.tmState; // 'init'
 */
export type TwoPhaseState = Infer<ReturnType<typeof twoPhaseShape>>;

/**
 * The two-phase commit model.
 *
 * @example
 * const r = check(twoPhase({ rms: 3 }));
 * r.stats.distinct;                          // 288
 * r.verdicts['TCConsistent'].status;         // 'holds'
 * check(twoPhase({ bug: 'abortAfterCommit' })).verdicts['TCConsistent'].status; // 'violated'
 */
export function twoPhase(config: Partial<TwoPhaseConfig> = {}): Model<TwoPhaseState, TwoPhaseAction> {
  const cfg: TwoPhaseConfig = { rms: 3, bug: 'none', ...config };
  const n = cfg.rms;
  const shape = twoPhaseShape(n);

  // Action values are built once and shared: `actions` only picks the enabled ones.
  const TM_COMMIT: TwoPhaseAction = { kind: 'TMCommit' };
  const TM_ABORT: TwoPhaseAction = { kind: 'TMAbort' };
  const perRm = (kind: 'TMRcvPrepared' | 'RMPrepare' | 'RMChooseToAbort' | 'RMRcvCommitMsg' | 'RMRcvAbortMsg') =>
    Array.from({ length: n }, (_, rm): TwoPhaseAction => ({ kind, rm }));
  const RCV_PREPARED = perRm('TMRcvPrepared');
  const PREPARE = perRm('RMPrepare');
  const CHOOSE_TO_ABORT = perRm('RMChooseToAbort');
  const RCV_COMMIT = perRm('RMRcvCommitMsg');
  const RCV_ABORT = perRm('RMRcvAbortMsg');

  /** TMCommit's guard on what the TM has received: every RM prepared (or, seeded, any one). */
  const tmMayCommit = (s: TwoPhaseState): boolean => {
    const prepared = s.tmPrepared;
    if (cfg.bug === 'commitOnFirstPrepared') {
      for (let i = 0; i < n; i++) if (prepared[i]) return true;
      return false;
    }
    for (let i = 0; i < n; i++) if (!prepared[i]) return false;
    return true;
  };

  const actions = (s: TwoPhaseState): TwoPhaseAction[] => {
    const out: TwoPhaseAction[] = [];
    const tmUndecided = s.tmState === 'init';
    // TMCommit: the TM has not decided and has heard Prepared from every RM.
    if (tmUndecided && tmMayCommit(s)) out.push(TM_COMMIT);
    // TMAbort: the TM has not decided (seeded: or it committed).
    if (tmUndecided || (cfg.bug === 'abortAfterCommit' && s.tmState === 'committed')) out.push(TM_ABORT);
    const msgs = s.msgs;
    for (let rm = 0; rm < n; rm++) {
      // TMRcvPrepared(rm): the TM has not decided and rm's Prepared message was sent.
      if (tmUndecided && msgs.prepared[rm]) out.push(RCV_PREPARED[rm]);
      const working = s.rmState[rm] === 'working';
      // RMPrepare(rm) and RMChooseToAbort(rm): rm is still working.
      if (working) out.push(PREPARE[rm], CHOOSE_TO_ABORT[rm]);
      // RMRcvCommitMsg(rm) and RMRcvAbortMsg(rm): the decision was broadcast.
      if (msgs.commit) out.push(RCV_COMMIT[rm]);
      if (msgs.abort) out.push(RCV_ABORT[rm]);
    }
    return out;
  };

  const withRm = (s: TwoPhaseState, rm: number, value: TwoPhaseState['rmState'][number]): TwoPhaseState['rmState'] => {
    const rmState = s.rmState.slice();
    rmState[rm] = value;
    return rmState;
  };

  const next = (s: TwoPhaseState, a: TwoPhaseAction): TwoPhaseState => {
    switch (a.kind) {
      case 'TMCommit':
        // The TM commits and broadcasts Commit.
        return { rmState: s.rmState, tmState: 'committed', tmPrepared: s.tmPrepared, msgs: { ...s.msgs, commit: true } };
      case 'TMAbort':
        // The TM aborts and broadcasts Abort.
        return { rmState: s.rmState, tmState: 'aborted', tmPrepared: s.tmPrepared, msgs: { ...s.msgs, abort: true } };
      case 'TMRcvPrepared': {
        // The TM records rm as prepared (again, if it already had).
        const tmPrepared = s.tmPrepared.slice();
        tmPrepared[a.rm] = true;
        return { rmState: s.rmState, tmState: s.tmState, tmPrepared, msgs: s.msgs };
      }
      case 'RMPrepare': {
        // rm prepares and tells the TM.
        const prepared = s.msgs.prepared.slice();
        prepared[a.rm] = true;
        return { rmState: withRm(s, a.rm, 'prepared'), tmState: s.tmState, tmPrepared: s.tmPrepared, msgs: { ...s.msgs, prepared } };
      }
      case 'RMChooseToAbort':
        // rm aborts on its own; it sends nothing (the TM's spontaneous abort stands for that message).
        return { ...s, rmState: withRm(s, a.rm, 'aborted') };
      case 'RMRcvCommitMsg':
        return { ...s, rmState: withRm(s, a.rm, 'committed') };
      case 'RMRcvAbortMsg':
        return { ...s, rmState: withRm(s, a.rm, 'aborted') };
      default:
        return unreachable(a);
    }
  };

  const RM_STATES = ['working', 'prepared', 'committed', 'aborted'];
  const TM_STATES = ['init', 'committed', 'aborted'];
  const isFlags = (v: readonly boolean[]) => v.length === n && v.every((b) => b === true || b === false);
  const allRms = (s: TwoPhaseState, value: string) => s.rmState.every((r) => r === value);

  return defineModel<TwoPhaseState, TwoPhaseAction>({
    name: cfg.bug === 'none' ? `twoPhase(rms=${n})` : `twoPhase(rms=${n},bug=${cfg.bug})`,
    config: { ...cfg },
    shape,
    init: () => [
      {
        rmState: Array.from({ length: n }, () => 'working' as const),
        tmState: 'init',
        tmPrepared: Array.from({ length: n }, () => false),
        msgs: { prepared: Array.from({ length: n }, () => false), commit: false, abort: false },
      },
    ],
    actions,
    next,
    showAction: (a) => ('rm' in a ? `${a.kind}(r${a.rm + 1})` : a.kind),
    properties: [
      always('TPTypeOK', (s: TwoPhaseState) =>
        s.rmState.length === n &&
        s.rmState.every((r) => RM_STATES.includes(r)) &&
        TM_STATES.includes(s.tmState) &&
        isFlags(s.tmPrepared) &&
        isFlags(s.msgs.prepared),
      ),
      always('TCConsistent', (s: TwoPhaseState) => !(s.rmState.includes('committed') && s.rmState.includes('aborted'))),
      deadlockFree(),
      sometimes('every RM commits', (s: TwoPhaseState) => allRms(s, 'committed')),
      sometimes('every RM aborts', (s: TwoPhaseState) => allRms(s, 'aborted')),
    ],
  });
}
