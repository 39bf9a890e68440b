/**
 * Finding the browser the end-to-end tests drive: Debian's binary, or one named or on PATH; and,
 * when there is none, a failure that says how to install it rather than a silent skip.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTmpDirs, tmpDir } from '../cli/harness.js';
import { chromiumPath } from './chromium.js';

afterAll(removeTmpDirs);

describe('the browser the tests drive', () => {
  it('is the one CHROMIUM_PATH names, before Debian’s', () => {
    const own = join(tmpDir(), 'my-chromium');
    writeFileSync(own, '');
    expect(chromiumPath({ CHROMIUM_PATH: own }, '/usr/bin/chromium')).toBe(own);
  });

  it('is Debian’s /usr/bin/chromium when nothing is named, else a chromium on PATH', () => {
    const debian = join(tmpDir(), 'chromium');
    writeFileSync(debian, '');
    expect(chromiumPath({ PATH: '' }, debian)).toBe(debian);
    const bin = join(tmpDir(), 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'chromium'), '');
    expect(chromiumPath({ PATH: `/nonexistent:${bin}` }, '/nonexistent/chromium')).toBe(join(bin, 'chromium'));
  });

  it('is missing with a message that says how to install it, or that CHROMIUM_PATH is wrong', () => {
    expect(() => chromiumPath({ PATH: tmpDir() }, '/nonexistent/chromium')).toThrow(
      'the browser tests need Chromium and found none (not at /nonexistent/chromium, not on PATH, no CHROMIUM_PATH): install it with `apt-get install -y chromium` (.ci/run does so when it is missing), or set CHROMIUM_PATH to a Chromium binary',
    );
    expect(() => chromiumPath({ CHROMIUM_PATH: '/nonexistent/chrome' }, '/usr/bin/chromium')).toThrow(
      'CHROMIUM_PATH is /nonexistent/chrome, which does not exist: point it at a Chromium binary, or unset it to use /usr/bin/chromium',
    );
  });
});
