/**
 * `leadsToEach`: a family of leads-to under one name holds when every instance holds, and its
 * violation is the lasso of the first failing instance, named, exactly the lasso `leadsTo` finds
 * for that instance alone.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.js';
import { defineModel, type Model } from '../../model/core/model.js';
import { array, oneOf, record, type Infer } from '../../model/core/shape/index.js';
import { leadsTo, leadsToEach } from '../../properties/index.js';

const shape = record({ c: array(2, oneOf('idle', 'waiting', 'answered')) });
type State = Infer<typeof shape>;
type Act = { readonly kind: 'Call' | 'Answer'; readonly k: number };

/** Two clients call once each; the server answers client 0 always, client 1 only when `answersBoth`. */
function twoClients(answersBoth: boolean): Model<State, Act> {
  const waiting = (s: State, k: number) => s.c[k] === 'waiting';
  return defineModel<State, Act>({
    name: `twoClients(answersBoth=${answersBoth})`,
    shape,
    init: () => [{ c: ['idle', 'idle'] }],
    actions: (s) => {
      const out: Act[] = [];
      for (let k = 0; k < 2; k++) {
        if (s.c[k] === 'idle') out.push({ kind: 'Call', k });
        if (s.c[k] === 'waiting' && (k === 0 || answersBoth)) out.push({ kind: 'Answer', k });
      }
      return out;
    },
    next: (s, a) => ({ c: s.c.map((x, k) => (k !== a.k ? x : a.kind === 'Call' ? 'waiting' : 'answered')) }),
    fairness: { groups: [{ name: 'client 0', kind: 'weak' }, { name: 'client 1', kind: 'weak' }], groupOf: (_s, a) => a.k },
    properties: [
      leadsToEach('every call is answered', ['client 0', 'client 1'], waiting, (s: State, k: number) => !waiting(s, k)),
      leadsTo("client 1's call is answered", (s: State) => waiting(s, 1), (s: State) => !waiting(s, 1)),
    ],
  });
}

describe('leadsToEach', () => {
  it('holds when the server answers both clients (9 states)', () => {
    const r = check(twoClients(true));
    expect(r.stats.distinct).toBe(9);
    expect(r.verdicts['every call is answered']).toEqual({ status: 'holds' });
  });

  it("names client 1 when only client 0 is answered, with the lasso leadsTo finds for client 1 alone: its call, then a deadlock where it waits for ever", () => {
    const r = check(twoClients(false));
    const family = r.verdicts['every call is answered'];
    const alone = r.verdicts["client 1's call is answered"];
    expect(family.status).toBe('violated');
    expect(alone.status).toBe('violated');
    if (family.status !== 'violated' || alone.status !== 'violated') return;
    expect(family.instance).toBe('client 1');
    expect(alone.instance).toBeUndefined();
    expect(family.trace.path).toEqual(alone.trace.path);
    expect(family.premiseAt).toBe(alone.premiseAt);
    // Shortest: client 1 calls at once (state 1), then the path must end where nothing is enabled.
    expect(family.premiseAt).toBe(1);
    expect(family.trace.loop).toBe(family.trace.steps.length);
    expect(family.trace.steps.at(-1)!.state).toEqual({ c: ['answered', 'waiting'] });
  });

  it('refuses an empty family, naming it', () => {
    expect(() => leadsToEach('nothing', [], () => true, () => true)).toThrow(/'nothing': give at least one instance/);
  });
});
