/**
 * How a parallel check's workers find their model: a registry entry names the module that
 * exports it, so that a worker loads that module alone, and the model built from it is the one
 * the registry builds.
 */
import { describe, expect, it } from 'vitest';
import { loadModel, withEntryModule } from '../../checker/parallel/modelSpec.js';
import { registry } from '../../model/registry/index.js';

describe('model specs', () => {
  it('every registry entry names the module that exports it', async () => {
    for (const entry of registry) {
      expect(entry.module, entry.id).toBeDefined();
      const exported = Object.values((await import(entry.module!)) as Record<string, unknown>);
      expect(exported, entry.id).toContain(entry);
    }
  });

  it('fills in the module of a registry spec, and builds the same model from it', async () => {
    const spec = await withEntryModule({ kind: 'registry', entry: 'l4Ipc', config: { clients: 3 } });
    expect(spec.kind === 'registry' ? spec.module : undefined).toMatch(/\/l4Ipc\.[jt]s$/);
    const [fromModule, fromRegistry] = await Promise.all([loadModel(spec), loadModel({ kind: 'registry', entry: 'l4Ipc', config: { clients: 3 } })]);
    expect(fromModule.name).toBe(fromRegistry.name);
    expect(fromModule.init()).toEqual(fromRegistry.init());
  });

  it('falls back to the registry when the named module does not export the entry, and names an unknown entry', async () => {
    const dining = registry.find((e) => e.id === 'dining')!.module!;
    const model = await loadModel({ kind: 'registry', entry: 'l4Ipc', config: {}, module: dining });
    expect(model.name).toBe('l4Ipc(C=2,S=2,R=2,P=2)');
    await expect(loadModel({ kind: 'registry', entry: 'noSuchModel', config: {} })).rejects.toThrow("no registry model 'noSuchModel'");
  });
});
