import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { check } from '../../checker/check.js';
import { parseTraceJson, replayJson } from '../../counterexamples/json.js';
import { slug, writeCounterexamples } from '../../counterexamples/write.js';
import { dieHard } from '../../model/classic/dieHard.js';
import { overflowingCounter, sender, witnessedCounter } from './fixtures.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ipc-check-write-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeCounterexamples', () => {
  it("writes dieHard's counterexample as .txt, .json, .dot and .svg and nothing else", async () => {
    const model = dieHard();
    const outDir = join(dir, 'out', slug(model.name));
    const paths = await writeCounterexamples(model, check(model), { outDir });
    const base = join(outDir, 'big-jug-never-holds-4');
    expect(paths).toEqual([`${base}.txt`, `${base}.json`, `${base}.dot`, `${base}.svg`]);
    expect((await readdir(outDir)).sort()).toEqual(['big-jug-never-holds-4.dot', 'big-jug-never-holds-4.json', 'big-jug-never-holds-4.svg', 'big-jug-never-holds-4.txt']);

    expect(await readFile(`${base}.txt`, 'utf8')).toMatch(/^dieHard\(small=3,big=5,target=4\): 'big jug never holds 4' violated[\s\S]*big: 5 → 4\n$/);
    expect(await readFile(`${base}.dot`, 'utf8')).toMatch(/^digraph "trace" \{/);
    expect(await readFile(`${base}.svg`, 'utf8')).toContain('<svg');
    const parsed = parseTraceJson(await readFile(`${base}.json`, 'utf8'));
    if (!parsed.ok) throw new Error(parsed.error);
    expect(replayJson(dieHard(parsed.value.config), parsed.value)).toMatchObject({ ok: true, matches: true });
  });

  it('writes nothing, not even the directory, for a model whose properties all pass', async () => {
    const model = dieHard({ target: 6 });
    const result = check(model);
    expect(result.ok).toBe(true);
    const outDir = join(dir, 'passing');
    expect(await writeCounterexamples(model, result, { outDir })).toEqual([]);
    await expect(readdir(outDir)).rejects.toThrow(/ENOENT/);
  });

  it('skips the SVG when asked to', async () => {
    const model = dieHard();
    const paths = await writeCounterexamples(model, check(model), { outDir: dir, svg: false });
    expect(paths.map((p) => p.slice(dir.length + 1))).toEqual(['big-jug-never-holds-4.txt', 'big-jug-never-holds-4.json', 'big-jug-never-holds-4.dot']);
  });

  it('writes an unbounded verdict under the slug of its property name', async () => {
    const model = sender();
    const paths = await writeCounterexamples(model, check(model), { outDir: dir, svg: false });
    expect(paths.map((p) => p.slice(dir.length + 1))).toEqual(['queue-2.txt', 'queue-2.json', 'queue-2.dot']);
    expect(await readFile(join(dir, 'queue-2.txt'), 'utf8')).toContain('Growth witness: steps 5–6 repeated');
  });

  it('writes witnesses only when asked to', async () => {
    const model = witnessedCounter();
    const result = check(model);
    expect(await writeCounterexamples(model, result, { outDir: dir, svg: false })).toEqual([]);
    const paths = await writeCounterexamples(model, result, { outDir: dir, svg: false, witnesses: true });
    expect(paths.map((p) => p.slice(dir.length + 1))).toEqual(['n-reaches-2.txt', 'n-reaches-2.json', 'n-reaches-2.dot']);
  });

  it('writes a model error with a trace as model-error files', async () => {
    const model = overflowingCounter();
    const paths = await writeCounterexamples(model, check(model), { outDir: dir });
    expect(paths.map((p) => p.slice(dir.length + 1))).toEqual(['model-error.txt', 'model-error.json', 'model-error.dot', 'model-error.svg']);
    expect(await readFile(join(dir, 'model-error.txt'), 'utf8')).toContain('model error IPC002');
    const parsed = parseTraceJson(await readFile(join(dir, 'model-error.json'), 'utf8'));
    expect(parsed.ok && parsed.value.error?.code).toBe('IPC002');
  });

  it('leaves no temporary files behind and overwrites earlier runs whole', async () => {
    const model = dieHard();
    await writeCounterexamples(model, check(model), { outDir: dir, svg: false });
    await writeCounterexamples(model, check(model), { outDir: dir, svg: false });
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(await readdir(dir)).toHaveLength(3);
  });
});

describe('slug', () => {
  it('keeps lowercase letters, digits and single dashes', () => {
    expect(slug('big jug never holds 4')).toBe('big-jug-never-holds-4');
    expect(slug('dieHard(small=3,big=5,target=4)')).toBe('diehard-small-3-big-5-target-4');
    expect(slug('  queue ≤ 2 -- ok?  ')).toBe('queue-2-ok');
  });

  it('drops accents instead of whole letters', () => {
    expect(slug('Réponse à l’appel')).toBe('reponse-a-l-appel');
  });

  it('names an unusable name "unnamed" and caps long ones at 80 characters, keeping them distinct', () => {
    expect(slug('≤ ≥ →')).toBe('unnamed');
    const long = slug('word '.repeat(40));
    expect(long.length).toBeLessThanOrEqual(80);
    expect(long.endsWith('-')).toBe(false);
    // Two long names that differ only past the cut keep different slugs.
    const a = slug(`${'x'.repeat(90)}bug=pagerCycle`);
    const b = slug(`${'x'.repeat(90)}bug=silentPager`);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^x{35}-x{21}bug-pagercycle-[0-9a-f]{8}$/);
    expect(a.length).toBeLessThanOrEqual(80);
  });
});
