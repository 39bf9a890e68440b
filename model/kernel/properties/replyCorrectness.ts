import type { CallGhost } from '../ghostCalls.js';
import type { Step } from '../../../properties/property.js';
import { step } from '../../../properties/step.js';

/**
 * What {@link replyCorrectness} knows of the model's threads besides the ghost records.
 *
 * @example
 * const options: ReplyCorrectnessOptions<State> = { waiting: (s, t) => s.tcb[t - 1].state === 'blockedOnReply' };
 */
export interface ReplyCorrectnessOptions<S> {
  /** Whether thread `thread` waits for a reply in `s` (a reply may reach only such a thread). */
  readonly waiting?: (s: S, thread: number) => boolean;
  /** Whether thread `thread` leaves its Call and runs again in the step from `s` to `t` (it must do so with this step's reply). */
  readonly resumed?: (s: S, t: S, thread: number) => boolean;
  readonly name?: string;
}

/**
 * Reply correctness (RC), over the kernel's ghost call records (`model/kernel/ghostCalls`): a
 * reply delivered to thread `t` must come from the thread that received `t`'s request and carry
 * that request's answer; each call gets at most one reply (the first answers it, so a second
 * finds no outstanding call); no reply reaches a thread not waiting for one; and a thread leaving
 * Call resumes only with its reply.
 *
 * @example
 * replyCorrectness((s: State) => s.ghost, (request) => request);
 * replyCorrectness((s: State) => s.ghost, (r) => r, { waiting: (s: State, t) => s.tcb[t - 1].state === 'blockedOnReply' });
 */
export function replyCorrectness<S, A>(ghostOf: (s: S) => CallGhost, answer: (request: number) => number, options: ReplyCorrectnessOptions<S> = {}): Step<S, A> {
  const { waiting, resumed } = options;
  return step(options.name ?? 'reply correctness', (s: S, _a: A, t: S) => {
    const d = ghostOf(t).delivered;
    if (resumed !== undefined) {
      const threads = ghostOf(s).pending.length;
      for (let th = 1; th <= threads; th++) if ((d === null || d.to !== th) && resumed(s, t, th)) return false;
    }
    if (d === null) return true;
    const call = ghostOf(s).pending[d.to - 1];
    return call !== null && call.server === d.from && d.value === answer(call.request) && (waiting === undefined || waiting(s, d.to));
  });
}
