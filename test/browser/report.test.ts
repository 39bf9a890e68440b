/**
 * The report of a whole run (`<out>/index.html`) opened from disk in a real browser (Debian's
 * Chromium through playwright-core): it lists the runs with their verdicts, a run's link leads to
 * its traces, a failure's trace shows as its `.txt` file says it, every picture on the page (the
 * sequence charts and graphs it links from the files beside it) loads, and nothing is fetched
 * from anywhere but those files.
 *
 * As in test/cli/runReport.test.ts, `npm run check` runs in-process over a registry cut down
 * (vi.mock) to the naive lock's two runs and seL4 × rpcPool's lost-reply bug, whose traces have
 * sequence charts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ExitCode } from '../../cli/exitCodes.js';
import { removeTmpDirs, runMain, tmpDir } from '../cli/harness.js';
import { launchChromium } from './chromium.js';

vi.mock('../../registry/index.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../registry/index.js')>();
  const pair = real.designWorkloadEntries.find((e) => e.id === 'seL4.rpcPool')!;
  return { ...real, registry: [real.naiveLockEntry, { ...pair, runs: pair.runs.filter((r) => r.label === 'F1 lostReply') }] };
});
vi.mock('../../registry/designs.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../registry/designs.js')>();
  return { ...real, designs: real.designs.filter((d) => d.id === 'seL4'), workloads: real.workloads.filter((w) => w.id === 'rpcPool') };
});
vi.mock('../../registry/comparisons.js', () => ({ comparisons: [] }));

/** How long one page action may take before the test fails. */
const ACTION_TIMEOUT = 20_000;

const PAIR_BUG = 'sel4-rpcpool-clients-2-servers-1-rounds-1-values-2-bug-lostreply';

let out: string;
let browser: Browser | undefined;
let page: Page;
/** Every address the page requested. */
const requested: string[] = [];

beforeAll(async () => {
  // The browser first: without one, the suite fails at once, saying how to install it.
  browser = await launchChromium();
  out = tmpDir();
  const run = await runMain(['--out', out, '--no-progress']);
  expect(run.code, run.stderr).toBe(ExitCode.Ok);
  page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  page.on('request', (r) => requested.push(r.url()));
  await page.goto(pathToFileURL(join(out, 'index.html')).href, { timeout: ACTION_TIMEOUT });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  removeTmpDirs();
});

describe('the report of a run, in Chromium', () => {
  it('lists the three runs with their verdicts, and says every verdict is as expected', { timeout: 60_000 }, async () => {
    expect(await page.title()).toBe('ipc-check: run of 3 model run(s)');
    expect(await page.textContent('#status')).toBe('every verdict is as the registry expects');
    const rows = await page.$$eval('table.runs tbody tr', (trs) =>
      trs.map((tr) => ({
        id: tr.id,
        model: tr.querySelector('.model')?.textContent,
        run: tr.querySelector('.run')?.textContent,
        failing: [...tr.querySelectorAll('li.fail .property')].map((p) => p.textContent),
      })),
    );
    expect(rows).toEqual([
      { id: 'run-1', model: 'naiveLock(threads=2,atomic=false)', run: 'naiveLock · default', failing: ['mutual exclusion'] },
      { id: 'run-2', model: 'naiveLock(threads=2,atomic=true)', run: 'naiveLock · atomic=true', failing: [] },
      {
        id: 'run-3',
        model: 'seL4 × rpcPool(clients=2,servers=1,rounds=1,values=2,bug=lostReply)',
        run: 'seL4.rpcPool · F1 lostReply',
        failing: ['deadlock free', 'no client stuck forever', 'every call is answered'],
      },
    ]);
  });

  it("leads from a failing run's row to its traces, the first shown as its .txt file says it", { timeout: 60_000 }, async () => {
    await page.click('#run-3 a[href="#traces-3"]', { timeout: ACTION_TIMEOUT });
    expect(new URL(page.url()).hash).toBe('#traces-3');
    const top = await page.$eval('#traces-3', (s) => s.getBoundingClientRect().top);
    // Scrolled to the top of the window (within a pixel: layout positions are fractional).
    expect(Math.abs(top)).toBeLessThan(1);
    const first = page.locator('#traces-3 details.trace').first();
    expect(await first.locator('summary').textContent()).toBe("'deadlock free' violated (trace of 12 states)");
    expect(await first.locator('pre.trace-text').isVisible()).toBe(true);
    const txt = readFileSync(join(out, PAIR_BUG, 'deadlock-free.txt'), 'utf8').trimEnd();
    expect(await first.locator('pre.trace-text').textContent()).toBe(txt);
  });

  it('loads every picture it shows, the sequence charts and graphs of both failing runs, from the files beside it', { timeout: 60_000 }, async () => {
    const images = page.locator('img');
    const sources: string[] = [];
    const widths: number[] = [];
    for (let i = 0; i < (await images.count()); i++) {
      const img = images.nth(i);
      // The pictures load lazily: bring each into view, then wait until it has loaded or failed.
      await img.scrollIntoViewIfNeeded({ timeout: ACTION_TIMEOUT });
      await img.evaluate((e: HTMLImageElement) =>
        e.complete
          ? undefined
          : new Promise((settled) => {
              e.addEventListener('load', settled, { once: true });
              e.addEventListener('error', settled, { once: true });
            }),
      );
      sources.push((await img.getAttribute('src')) ?? '');
      widths.push(await img.evaluate((e: HTMLImageElement) => e.naturalWidth));
    }
    expect(sources).toEqual([
      'naivelock-threads-2-atomic-false/mutual-exclusion.svg',
      `${PAIR_BUG}/deadlock-free.msc.svg`,
      `${PAIR_BUG}/deadlock-free.svg`,
      `${PAIR_BUG}/no-client-stuck-forever.msc.svg`,
      `${PAIR_BUG}/no-client-stuck-forever.svg`,
      `${PAIR_BUG}/every-call-is-answered.msc.svg`,
      `${PAIR_BUG}/every-call-is-answered.svg`,
    ]);
    for (const [i, w] of widths.entries()) expect(w, sources[i]).toBeGreaterThan(0);
  });

  it('requested nothing but the page and the files beside it: it works offline', () => {
    expect(requested.length).toBeGreaterThan(1);
    const base = pathToFileURL(out).href;
    for (const url of requested) expect(url.startsWith(`${base}/`), url).toBe(true);
  });
});
