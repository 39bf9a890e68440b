/**
 * The explorer's server, started on port 0 in this process and read with `fetch` as the page
 * reads it: the page and its script, the views of paths through registry models (their fields,
 * what the last step changed, the enabled actions and which lead back onto the path, the
 * verdicts), the address it listens on, and what it answers to bad input.
 */
import { request } from 'node:http';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../checker/check.js';
import { lastState } from '../../checker/trace.js';
import { dieHard } from '../../model/classic/dieHard.js';
import { stateFields } from '../../model/core/shape/codec.js';
import { registry } from '../../registry/index.js';
import { modelSource } from '../../explore/modelSource.js';
import { startExplorer, type RunningExplorer } from '../../explore/server.js';
import type { View } from '../../explore/viewTypes.js';

let explorer: RunningExplorer;
let base: string;

beforeAll(async () => {
  explorer = await startExplorer({ source: modelSource(registry), session: { query: 'model=dieHard', title: 'dieHard(small=3,big=5,target=4)' } });
  base = `http://127.0.0.1:${explorer.port}`;
});
afterAll(() => explorer.close());

async function view(query: string): Promise<View> {
  const response = await fetch(`${base}/api/view?${query}`);
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as View;
}

async function refusal(query: string): Promise<{ status: number; error: string }> {
  const response = await fetch(`${base}/api/view?${query}`);
  return { status: response.status, error: ((await response.json()) as { error: string }).error };
}

/** Any absolute URL (http:, https:, or protocol-relative in an attribute or url()). */
const EXTERNAL = /\bhttps?:\/\/|(?:src|href)\s*=\s*["']?\/\/|url\(\s*["']?(?:https?:)?\/\//i;

describe('the page', () => {
  it('is HTML that loads its style sheet and script from the explorer itself', async () => {
    const response = await fetch(`${base}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await response.text();
    expect(html).toContain('<link rel="stylesheet" href="/explore.css">');
    expect(html).toContain('<script type="module" src="/explore.js"></script>');
    expect(html).not.toMatch(EXTERNAL);
  });

  it('serves its style sheet as CSS and its script, compiled from TypeScript by the build, as JavaScript; neither names another host', async () => {
    const css = await fetch(`${base}/explore.css`);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(await css.text()).not.toMatch(EXTERNAL);
    const script = await fetch(`${base}/explore.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const js = await script.text();
    expect(js).toContain("fetch(`/api/view?${query}`)");
    expect(js).not.toMatch(EXTERNAL);
    expect(js).not.toContain('sourceMappingURL');
  });

  it('is served with a policy that lets it load and connect to this server only', async () => {
    const policy = (await fetch(`${base}/`)).headers.get('content-security-policy');
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("connect-src 'self'");
  });

  it('names the session it was started on', async () => {
    expect(await (await fetch(`${base}/api/session`)).json()).toEqual({ query: 'model=dieHard', title: 'dieHard(small=3,big=5,target=4)' });
    expect(explorer.url).toBe(`http://127.0.0.1:${explorer.port}/?model=dieHard`);
  });
});

describe('a view of a path', () => {
  it("shows dieHard's state after FillBig and BigToSmall, marks what BigToSmall changed, and flags the actions that lead back onto the path", async () => {
    const v = await view('model=dieHard&path=1.5');
    expect(v.model).toBe('dieHard(small=3,big=5,target=4)');
    expect(v.steps).toEqual(['FillBig', 'BigToSmall']);
    expect(v.fields).toEqual([
      { path: 'small', value: '3', before: '0' },
      { path: 'big', value: '2', before: '5' },
    ]);
    // State 1 is (0,0), state 2 (0,5), state 3 (3,2): FillSmall and BigToSmall stay at state 3, SmallToBig goes back to state 2.
    expect(v.actions.map((a) => [a.index, a.label, a.onPath])).toEqual([
      [0, 'FillSmall', 2],
      [1, 'FillBig', null],
      [2, 'EmptySmall', null],
      [3, 'EmptyBig', null],
      [4, 'SmallToBig', 1],
      [5, 'BigToSmall', 2],
    ]);
    expect(v.pathKeys).toHaveLength(3);
    expect(v.actions[4].key).toBe(v.pathKeys[1]);
  });

  it('gives the states of one path distinct keys, and a state reached by two paths one key', async () => {
    const v = await view('model=dieHard&path=1.5');
    expect(new Set(v.pathKeys).size).toBe(3);
    const other = await view('model=dieHard&path=0.1'); // FillSmall then FillBig: (3,5)
    const same = await view('model=dieHard&path=1.0'); // FillBig then FillSmall: (3,5)
    expect(other.pathKeys[2]).toBe(same.pathKeys[2]);
    expect(other.pathKeys[1]).not.toBe(same.pathKeys[1]);
  });

  it("marks dining(n=3)'s PutDown(0) after philosopher 0 ate as leading back to the initial state", async () => {
    const v = await view('model=dining&set=n%3D3&path=0.0.0');
    expect(v.model).toBe('dining(n=3,lefty0=false)');
    expect(v.steps).toEqual(['GetHungry(0)', 'TakeFirst(0)', 'TakeSecond(0)']);
    expect(v.actions.map((a) => [a.label, a.onPath])).toEqual([
      ['PutDown(0)', 0],
      ['GetHungry(1)', null],
      ['GetHungry(2)', null],
    ]);
    expect(v.fields.filter((f) => f.before !== undefined)).toEqual([
      { path: 'pc[0]', value: '"eating"', before: '"one"' },
      { path: 'fork[1]', value: '0', before: '3' },
    ]);
    expect(v.verdicts.map((x) => [x.name, x.kind, x.status])).toEqual([
      ['TypeOK', 'always', 'holds'],
      ['ForkSafety', 'always', 'holds'],
      ['deadlock free', 'deadlockFree', 'holds'],
      ['someone eats', 'sometimes', 'witnessed'],
    ]);
  });

  it("reproduces the checker's dieHard counterexample from the path in the query: its last state, and the invariant violated there", async () => {
    const model = dieHard();
    const verdict = check(model).verdicts['big jug never holds 4'];
    if (verdict.status !== 'violated') throw new Error(`expected a violation, got ${verdict.status}`);
    const v = await view(`model=dieHard&path=${verdict.trace.path.actions.join('.')}`);
    expect(v.fields.map((f) => [f.path, f.value])).toEqual(stateFields(model.shape, lastState(verdict.trace)));
    expect(v.verdicts.find((x) => x.name === 'big jug never holds 4')?.status).toBe('violated');
    expect(v.verdicts.find((x) => x.name === 'type ok')?.status).toBe('holds');
  });

  it('answers the query it reports with the same view: a pasted link reproduces the state', async () => {
    const first = await view('model=dining&set=n=3&path=0.1.2');
    expect(first.query).toBe('model=dining&set=n%3D3&path=0.1.2');
    expect(await view(first.query)).toEqual(first);
  });

  it('shows the initial state, nothing changed, when the query has no path', async () => {
    const v = await view('model=dieHard');
    expect(v.path).toEqual([]);
    expect(v.fields).toEqual([
      { path: 'small', value: '0' },
      { path: 'big', value: '0' },
    ]);
    expect(v.actions.map((a) => a.onPath)).toEqual([null, null, 0, 0, 0, 0]);
  });

  it('gives a measure and its bound for a bounded property, and draws the path as a sequence chart for a model with a sequence view', async () => {
    const v = await view('model=seL4.rpcPool&path=0');
    const memory = v.verdicts.find((x) => x.kind === 'bounded');
    expect(memory).toMatchObject({ status: 'holds', detail: expect.stringMatching(/^\d+ of at most \d+$/) });
    expect(v.chartSvg).toMatch(/^<svg /);
    expect(v.chartSvg).toContain(`1. ${v.steps[0]}`);
    expect((await view('model=seL4.rpcPool')).chartSvg).toBeUndefined();
  });
});

describe('bad input', () => {
  it('refuses an unknown model with 400, listing the models it serves', async () => {
    const r = await refusal('model=noSuchModel');
    expect(r.status).toBe(400);
    expect(r.error).toMatch(/^unknown model 'noSuchModel': this explorer serves a registry model \(naiveLock, dieHard, /);
  });

  it('refuses a path index out of range with 400, naming the step and how many actions are enabled', async () => {
    expect(await refusal('model=dieHard&path=1.9')).toEqual({
      status: 400,
      error: 'path=1.9: step 2: action index 9 is out of range, 6 action(s) are enabled (was the path recorded with another model or configuration?)',
    });
  });

  it('refuses a path that is not action indices, a missing model, a parameter out of range and an initial state that does not exist', async () => {
    expect(await refusal('model=dieHard&path=1.x')).toEqual({ status: 400, error: 'path=1.x: expected action indices separated by dots, e.g. path=0.2.1' });
    expect(await refusal('path=1')).toEqual({ status: 400, error: 'the query names no model: add model=<name>, e.g. ?model=dieHard' });
    expect((await refusal('model=dieHard&set=big%3D0')).error).toMatch(/^--set big=0: big must be a whole number from 1 to 100/);
    expect(await refusal('model=dieHard&init=1')).toEqual({ status: 400, error: 'init=1: initial state index 1 is out of range: init() returned 1 state(s)' });
  });

  it('refuses a module path it was not started with, so that a page cannot make it load code', async () => {
    const r = await refusal('model=./evil.js');
    expect(r.status).toBe(400);
    expect(r.error).toMatch(/^unknown model '\.\/evil\.js'/);
  });

  it('answers 404 for any other address', async () => {
    expect((await fetch(`${base}/other`)).status).toBe(404);
  });
});

describe('where it listens', () => {
  it('listens on 127.0.0.1, on the port the system chose', () => {
    expect(explorer.host).toBe('127.0.0.1');
    expect(explorer.port).toBeGreaterThan(0);
  });

  it('is not reachable on any other address of this machine', async () => {
    const others = Object.values(networkInterfaces())
      .flat()
      .flatMap((i) => (i === undefined || i.address === '127.0.0.1' ? [] : [i.family === 'IPv6' ? `[${i.address.split('%')[0]}]` : i.address]))
      .filter((a) => !a.startsWith('[fe80'));
    others.push('[::1]');
    for (const address of new Set(others)) {
      await expect(fetch(`http://${address}:${explorer.port}/`), address).rejects.toThrow();
    }
  });

  it('refuses a request that names another host (a page elsewhere renamed to reach it)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: explorer.port, path: '/api/session', headers: { host: 'attacker.example' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
  });
});
