/**
 * Model errors: a model that throws, leaves its shape or is not deterministic. Each has a code,
 * a message that names the likely cause, and where possible the trace to the state where it happened.
 */
import type { Action } from '../model/core/model.js';
import type { Trace } from './trace.js';
import { thrownAt } from './thrownAt.js';

/**
 * The error codes.
 * - `IPC001` the model's `init`, `actions` or `next` threw (the message ends with where: {@link describeThrown});
 * - `IPC002` a state is outside its declared shape (an int out of range, a queue over its length, a
 *   record field the shape does not declare);
 * - `IPC003` `init`/`actions`/`next` are not deterministic: a state expanded a second time during
 *   the search, or a replayed trace, gave other successors;
 * - `IPC004` `next` mutated the state it was given;
 * - `IPC005` a property's predicate or measure threw;
 * - `IPC006` `init()` returned no state;
 * - `IPC007` two properties have the same name (found before the search starts);
 * - `IPC008` under symmetry reduction: a property is not symmetric, or the model's
 *   `symmetry.permute` breaks its contract (found on a sample before the search starts, or
 *   when `permute` throws during it).
 *
 * @example
 * const code: ModelErrorCode = 'IPC004'; // next() mutated the state it was given
 */
export type ModelErrorCode = 'IPC001' | 'IPC002' | 'IPC003' | 'IPC004' | 'IPC005' | 'IPC006' | 'IPC007' | 'IPC008';

/**
 * A model error as data. `trace` leads to the state where it happened; when `action` is set, the
 * error happened while taking that action from the trace's last state.
 *
 * @example
 * if (result.modelError) console.log(result.modelError.code, result.modelError.message);
 */
export interface ModelError<S, A extends Action> {
  readonly code: ModelErrorCode;
  readonly message: string;
  /** Where it happened: `init`, `actions`, `next`, `shape`, `replay`, `properties` (before the search), or `property 'name'`. */
  readonly phase: string;
  readonly trace?: Trace<S, A>;
  /** The action being taken from the last state of `trace`, if any. */
  readonly action?: A;
  /** The state that broke its shape or made a predicate throw, when it is not on the trace. */
  readonly state?: S;
}

/**
 * Thrown by `replay` and by the checker's own trace rebuild when a model does not reproduce a path.
 *
 * @example
 * try { replay(model, { init: 0, actions: [9] }); } catch (e) { if (e instanceof ReplayError) e.code; }
 */
export class ReplayError extends Error {
  constructor(
    readonly code: ModelErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ReplayError';
  }
}

/**
 * The message of anything thrown (an `Error`'s message, or the thrown value as a string) and, when
 * its stack shows one, where the model's code threw it ({@link thrownAt}): the first frame outside
 * ipc-check, so a model error names the user's file and line.
 *
 * @example
 * describeThrown(new Error('no fork')); // 'no fork (at models/dining.ts:41:13)'
 * describeThrown(42); // '42'
 */
export function describeThrown(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const at = thrownAt(e);
  return at === undefined ? message : `${message} (at ${at})`;
}
