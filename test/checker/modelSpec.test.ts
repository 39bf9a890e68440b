/**
 * How a parallel check's workers find their model: a registry entry names the module that
 * exports it, so that a worker loads that module alone, and the model built from it is the one
 * the registry builds. The checker knows no registry: `registrySpec` fills in the module.
 */
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../checker/parallel/modelSpec.js';
import { findEntry, registry, registrySpec } from '../../registry/index.js';

describe('model specs', () => {
  it('every registry entry names the module that exports it (alone or in an exported array of entries)', async () => {
    for (const entry of registry) {
      expect(entry.module, entry.id).toBeDefined();
      const exported = Object.values((await import(entry.module!)) as Record<string, unknown>).flatMap((e) => (Array.isArray(e) ? e : [e]));
      expect(exported, entry.id).toContain(entry);
    }
  });

  it('builds a design × workload pair in a worker from its entry module', async () => {
    const spec = registrySpec('seL4.rpcPool', { clients: 1 });
    const entry = findEntry('seL4.rpcPool')!;
    const [fromModule, fromRegistry] = [await loadModel(spec), entry.make({ ...entry.defaults, clients: 1 })];
    expect(fromModule.name).toBe('seL4 × rpcPool(clients=1,servers=1,rounds=1,values=2)');
    expect(fromModule.init()).toEqual(fromRegistry.init());
  });

  it('fills in the module of a registry spec, and builds the same model from it', async () => {
    const spec = registrySpec('l4Ipc', { clients: 3 });
    expect(spec.kind === 'registry' ? spec.module : undefined).toMatch(/\/l4Ipc\.[jt]s$/);
    const entry = findEntry('l4Ipc')!;
    const [fromModule, fromRegistry] = [await loadModel(spec), entry.make({ ...entry.defaults, clients: 3 })];
    expect(fromModule.name).toBe(fromRegistry.name);
    expect(fromModule.init()).toEqual(fromRegistry.init());
  });

  it('names a module that does not export the entry, and an unknown entry', async () => {
    const dining = registry.find((e) => e.id === 'dining')!.module!;
    await expect(loadModel({ kind: 'registry', entry: 'l4Ipc', config: {}, module: dining })).rejects.toThrow("exports no registry entry 'l4Ipc'");
    await expect(loadModel(registrySpec('l4Ipc')).then((m) => m.name)).resolves.toBe('l4Ipc(C=2,S=2,R=2,P=2)');
    expect(() => registrySpec('noSuchModel')).toThrow("no registry model 'noSuchModel'");
  });
});
