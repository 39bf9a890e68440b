/**
 * A violated liveness property exits 1, but after a deadlock (3) in precedence: the deadlock is
 * usually why the goal never comes, and the more specific report. A safety violation keeps 1
 * ahead of a deadlock.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.js';
import { ExitCode, exitCodeOf } from '../../cli/exitCodes.js';
import { defineModel } from '../../model/core/model.js';
import { int, record } from '../../model/core/shape/index.js';
import { always, deadlockFree, eventually, type Property } from '../../properties/index.js';

type S = { readonly n: number };
/** Counts to 2 and stops: a deadlock at 2, and `n` never reaches 3. */
const counter = (properties: Property<S, { kind: 'Inc' }>[]) =>
  defineModel<S, { kind: 'Inc' }>({
    name: 'counter',
    shape: record({ n: int(0, 3) }),
    init: () => [{ n: 0 }],
    actions: (s) => (s.n < 2 ? [{ kind: 'Inc' }] : []),
    next: (s) => ({ n: s.n + 1 }),
    properties,
  });

describe('exit codes of liveness violations', () => {
  const never3 = eventually('n reaches 3', (s: S) => s.n === 3);

  it('a liveness violation alone exits 1', () => {
    expect(exitCodeOf(check(counter([never3])))).toBe(ExitCode.Violated);
  });

  it('a deadlock wins over the liveness violation it causes (3, not 1)', () => {
    const r = check(counter([never3, deadlockFree()]));
    expect(r.verdicts['n reaches 3'].status).toBe('violated');
    expect(r.verdicts['deadlock free'].status).toBe('violated');
    expect(exitCodeOf(r)).toBe(ExitCode.Deadlock);
  });

  it('a safety violation still wins over a deadlock (1)', () => {
    expect(exitCodeOf(check(counter([never3, deadlockFree(), always('n < 2', (s: S) => s.n < 2)])))).toBe(ExitCode.Violated);
  });
});
