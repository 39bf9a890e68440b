/**
 * The browser the end-to-end tests drive: Debian's `chromium`, the system binary, launched
 * through `playwright-core` (which downloads no browser of its own). A machine without it fails
 * these tests with a message that says how to install it; they are never skipped.
 */
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

/** Where Debian's package puts the binary. */
const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/**
 * The path of the Chromium binary to drive: `CHROMIUM_PATH` when `env` sets it, else `debian`
 * (`/usr/bin/chromium`), else a `chromium` in one of `env.PATH`'s folders. Throws, naming the
 * fix, when there is none.
 *
 * @example
 * chromiumPath(); // '/usr/bin/chromium'
 */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env, debian: string = DEBIAN_CHROMIUM): string {
  const fromEnv = env.CHROMIUM_PATH;
  if (fromEnv !== undefined && fromEnv !== '') {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH is ${fromEnv}, which does not exist: point it at a Chromium binary, or unset it to use ${debian}`);
    return fromEnv;
  }
  if (existsSync(debian)) return debian;
  const onPath = (env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => dir !== '')
    .map((dir) => join(dir, 'chromium'))
    .find((file) => existsSync(file));
  if (onPath !== undefined) return onPath;
  throw new Error(
    `the browser tests need Chromium and found none (not at ${debian}, not on PATH, no CHROMIUM_PATH): ` +
      'install it with `apt-get install -y chromium` (.ci/run does so when it is missing), or set CHROMIUM_PATH to a Chromium binary',
  );
}

/**
 * Launches the system Chromium headless. As root (CI containers), Chromium refuses to start
 * with its sandbox, so it is turned off there: the tests load only pages this process serves
 * or wrote.
 *
 * @example
 * const browser = await launchChromium();
 * const page = await browser.newPage();
 * await browser.close();
 */
export async function launchChromium(): Promise<Browser> {
  const asRoot = process.getuid?.() === 0;
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: asRoot ? ['--no-sandbox'] : [], timeout: 30_000 });
}
