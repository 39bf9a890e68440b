/**
 * `neverStuck`: AG(blocked(t) → EF ¬blocked(t)), decided over the whole state graph after a
 * complete search. Checked against a naive forward search from every blocked state on random
 * graphs, and on a small call/reply system whose lost reply deadlock freedom cannot see.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check, verdictFor } from '../../checker/check.js';
import { exitCodeOf, ExitCode } from '../../cli/exitCodes.js';
import { defineModel } from '../../model/core/model.js';
import { bool, oneOf, record } from '../../model/core/shape/index.js';
import { deadlockFree, neverStuck } from '../../properties/index.js';
import { lastState } from '../../checker/trace.js';
import { arbitraryGraph, graphModel, nodeFlags, type Graph } from '../helpers/graphModel.js';
import { explore, keyOf } from '../helpers/referenceExplorer.js';
import { Search } from '../../checker/search.js';
import { StateStore } from '../../checker/stateStore.js';
import { decideNeverStuck, graphRows } from '../../checker/stuck.js';
import { serverPool } from '../../model/examples/serverPool.js';
import type { Action, Model } from '../../model/core/model.js';
import type { StateCodec } from '../../model/core/shape/codec.js';
import type { NeverStuck } from '../../properties/property.js';

/** Every node reachable from `from` (itself included), by a naive depth-first walk. */
function reachable(g: Graph, from: number): Set<number> {
  const seen = new Set<number>([from]);
  const stack = [from];
  while (stack.length > 0) {
    const v = stack.pop()!;
    for (const [a, b] of g.edges) if (a === v && !seen.has(b)) (seen.add(b), stack.push(b));
  }
  return seen;
}

describe('neverStuck against a naive search', () => {
  it('fails exactly when some reachable node blocks a thread that it can never unblock, at the first such node in breadth-first order, naming the first such thread', () => {
    fc.assert(
      fc.property(
        arbitraryGraph().chain((g) =>
          fc.record({
            g: fc.constant(g),
            blockedNodes: fc.array(nodeFlags(g), { minLength: 1, maxLength: 3 }),
          }),
        ),
        ({ g, blockedNodes }) => {
          const threads = blockedNodes.map((_, t) => `walker ${t}`);
          const prop = neverStuck({ threads, blocked: (s: { node: number }, t) => blockedNodes[t][s.node] });
          const model = graphModel({ ...g, properties: [prop] });
          const ref = explore(model);
          const stuckFor = (s: { node: number }) => blockedNodes.findIndex((b) => b[s.node] && ![...reachable(g, s.node)].some((v) => !b[v]));
          const stuck = ref.states.filter((s) => stuckFor(s) >= 0);
          const v = check(model).verdicts['no thread stuck forever'];
          if (stuck.length === 0) {
            expect(v.status).toBe('holds');
            return;
          }
          expect(v.status).toBe('violated');
          if (v.status !== 'violated') return;
          expect(v.stuckThread).toBe(threads[stuckFor(stuck[0])]);
          expect(lastState(v.trace)).toEqual(stuck[0]);
          expect(v.trace.steps.length).toBe(ref.distance.get(keyOf(stuck[0])));
        },
      ),
      { numRuns: 300 },
    );
  }, 60_000);
});

type Phase = 'idle' | 'waiting' | 'done';
interface CallState {
  readonly client: Phase;
  readonly request: boolean;
  readonly replyCap: boolean;
  readonly spin: boolean;
}
type CallAction = { readonly kind: 'Call' } | { readonly kind: 'Receive' } | { readonly kind: 'Reply' } | { readonly kind: 'ReceiveAgain' } | { readonly kind: 'Spin' };

/**
 * A client calls a server and waits for the reply; a third thread spins for ever. With
 * `loseReply` the server may receive again before replying, which deletes the reply capability
 * (seL4's lost reply): the client then waits for ever, while the spinner keeps the system from
 * ever deadlocking.
 */
const callReply = (loseReply: boolean) =>
  defineModel<CallState, CallAction>({
    name: `callReply(loseReply=${loseReply})`,
    shape: record({ client: oneOf('idle', 'waiting', 'done'), request: bool(), replyCap: bool(), spin: bool() }),
    init: () => [{ client: 'idle', request: false, replyCap: false, spin: false }],
    actions: (s) => {
      const out: CallAction[] = [];
      if (s.client === 'idle') out.push({ kind: 'Call' });
      if (s.request) out.push({ kind: 'Receive' });
      if (s.replyCap) out.push({ kind: 'Reply' });
      if (s.replyCap && loseReply) out.push({ kind: 'ReceiveAgain' });
      out.push({ kind: 'Spin' });
      return out;
    },
    next: (s, a) => {
      switch (a.kind) {
        case 'Call':
          return { ...s, client: 'waiting', request: true };
        case 'Receive':
          return { ...s, request: false, replyCap: true };
        case 'ReceiveAgain':
          return { ...s, replyCap: false };
        case 'Reply':
          return { ...s, replyCap: false, client: 'done' };
        case 'Spin':
          return { ...s, spin: !s.spin };
      }
    },
    properties: [deadlockFree(), neverStuck({ threads: ['client'], blocked: (s) => s.client === 'waiting' })],
  });

describe('neverStuck on a call and its reply', () => {
  it('holds when the server keeps the reply capability', () => {
    const r = check(callReply(false));
    expect(r.verdicts['no thread stuck forever']).toEqual({ status: 'holds' });
    expect(r.ok).toBe(true);
  });

  it('finds the lost reply that deadlock freedom misses, with a shortest trace ending where the client is stuck', () => {
    const r = check(callReply(true));
    expect(r.verdicts['deadlock free'].status).toBe('holds');
    const v = r.verdicts['no thread stuck forever'];
    expect(v.status).toBe('violated');
    if (v.status !== 'violated') return;
    expect(v.stuckThread).toBe('client');
    expect(v.trace.steps.map((st) => st.action.kind)).toEqual(['Call', 'Receive', 'ReceiveAgain']);
    expect(exitCodeOf(r)).toBe(ExitCode.Deadlock);
  });

  it('is unknown, with its reason, after a fingerprint search, and the exit code says inconclusive', () => {
    const r = check(callReply(true), { fingerprint: true });
    const v = r.verdicts['no thread stuck forever'];
    expect(v).toEqual({ status: 'unknown', reason: expect.stringMatching(/exact mode/) });
    expect(r.ok).toBe(false);
    expect(exitCodeOf(r)).toBe(ExitCode.Incomplete);
  });

  it('is unknown after a search a bound stopped', () => {
    const r = check(callReply(true), { maxStates: 3 });
    expect(r.verdicts['no thread stuck forever']).toEqual({ status: 'unknown' });
  });

  it('reports the time its analysis took apart from the search, and only when it ran', () => {
    const analysed = check(callReply(true)).stats;
    expect(analysed.analysisMs).toBeTypeOf('number');
    expect(check(callReply(true), { fingerprint: true }).stats.analysisMs).toBeUndefined();
    expect(check(callReply(true), { maxStates: 3 }).stats.analysisMs).toBeUndefined();
  });

  it('refuses an empty list of threads', () => {
    expect(() => neverStuck({ threads: [], blocked: () => true })).toThrow(/threads is empty/);
  });
});

describe('neverStuck where the state graph is not at hand', () => {
  it('is unknown, with its reason, when the search was complete but not analysed (a fingerprint search)', () => {
    const model = callReply(true);
    const prop = model.properties[1];
    const v = verdictFor(model, prop, undefined, -Infinity, true, () => {
      throw new Error('no trace');
    }, () => true, 5);
    expect(v).toEqual({ status: 'unknown', reason: expect.stringMatching(/needs a search in exact mode/) });
  });
});

describe('neverStuck under the memory limit', () => {
  const model = serverPool({ clients: 2, servers: 2 });
  const search = new Search(model, {});
  search.run(Infinity);
  const store = search.store as StateStore;
  const rowsOf = (props: readonly NeverStuck<unknown>[]) => [graphRows(model as Model<unknown, Action>, search.codec as StateCodec<unknown>, store, props, 0, store.count)];

  it('is left undecided, saying why and what would do, when the limit refuses the graph', () => {
    // Below what this process already holds, whatever the collector does meanwhile (a margin near the
    // footprint was crossed when a busy machine's collector freed memory between the two reads).
    const tight = 32 * 2 ** 20;
    const d = decideNeverStuck(model as Model<unknown, Action>, store.count, rowsOf, tight);
    expect(d.findings.every((f) => f === undefined)).toBe(true);
    expect(d.error).toBeUndefined();
    expect(d.undecided).toMatch(/^incomplete: deciding it after the complete search needs the whole state graph, and the memory limit \(\d+ MiB\) stopped it: it needs [\d.]+ MiB more, about \d+ MiB in all; raise --max-memory to \d+M or more$/);
  });

  it('is decided as check decides it when the limit leaves room', () => {
    const d = decideNeverStuck(model as Model<unknown, Action>, store.count, rowsOf, process.memoryUsage.rss() + 2 ** 30);
    expect(d.undecided).toBeUndefined();
    const p = model.properties.findIndex((q) => q.kind === 'neverStuck');
    expect(d.findings[p]).toBeUndefined();
    expect(check(model).verdicts[model.properties[p].name].status).toBe('holds');
  });

  it('is a model error, never a verdict, for a caller that gives no limit when the store refuses the rows', () => {
    const refusing = { count: store.count, chunkOf: (i: number) => store.chunkOf(i), offsetOf: (i: number) => store.offsetOf(i), indexOf: store.indexOf.bind(store), allocationGuard: () => false };
    const d = decideNeverStuck(model as Model<unknown, Action>, store.count, (props) => [graphRows(model as Model<unknown, Action>, search.codec as StateCodec<unknown>, refusing, props, 0, store.count)]);
    expect(d.undecided).toBeUndefined();
    expect(d.error?.code).toBe('IPC005');
    expect(d.error?.message).toMatch(/the memory limit stopped it/);
  });
});
