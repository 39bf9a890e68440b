/**
 * Contracts of a model the checker enforces during (or before) the search, not only when a trace
 * is replayed: property names are unique, and `actions`/`next` are deterministic.
 */
import { describe, expect, it } from 'vitest';
import { check, checkAsync } from '../../checker/check.js';
import { always, deadlockFree, sometimes } from '../../properties/index.js';
import { graphModel, type GraphState } from '../helpers/graphModel.js';

const walk = { nodes: 3, edges: [[0, 1], [1, 2]] as [number, number][], init: [0] };

describe('duplicate property names', () => {
  it('are a model error (IPC007) before the search starts, naming both properties, with no state stored', async () => {
    const model = graphModel({
      ...walk,
      properties: [always<GraphState>('small', (s) => s.node < 3), deadlockFree(), sometimes<GraphState>('small', (s) => s.node === 2)],
    });
    for (const r of [check(model), await checkAsync(model)]) {
      expect(r.modelError).toEqual({
        code: 'IPC007',
        phase: 'properties',
        message: "properties 1 and 3 (of 3) are both named 'small': a verdict is known by its property's name, so property names must be unique; rename one of them",
      });
      expect(r).toMatchObject({ ok: false, complete: false, stoppedBy: 'modelError' });
      expect(r.stats).toMatchObject({ distinct: 0, generated: 0, initial: 0 });
      expect(r.properties.map((p) => p.verdict.status)).toEqual(['unknown', 'unknown', 'unknown']);
    }
  });

  it('are not confused with names that differ only in case or spacing', () => {
    const r = check(graphModel({ ...walk, properties: [always<GraphState>('small', () => true), always<GraphState>('Small', () => true), always<GraphState>('small ', () => true)] }));
    expect(r.modelError).toBeUndefined();
    expect(r.ok).toBe(true);
  });
});
