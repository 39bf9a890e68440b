/**
 * Module-loading hooks (registered with `node:module`'s `register` by {@link importModule}) that
 * let a model module of the user's own be TypeScript. Node 20 cannot import TypeScript, so a
 * `.ts` or `.mts` file is transpiled to JavaScript by esbuild as it is loaded: types are removed
 * and enums and parameter properties become JavaScript, one file at a time, without type-checking
 * (that stays the user's `tsc`). Such a file is always an ES module, whatever the `type` of its
 * package: the model imports `ipc-check`, which is an ES module. The code this file runs lives on
 * Node's hooks thread, not beside the checker.
 */
import { readFile } from 'node:fs/promises';
import type { LoadHook, ResolveHook } from 'node:module';
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';
import { isTypeScriptUrl } from './typeScriptUrl.js';

/**
 * The files a relative specifier written in a TypeScript module may mean when it names no file
 * as written: `./lib.js` for `./lib.ts` (how `tsc` with NodeNext wants imports spelled),
 * `./lib.mjs` for `./lib.mts`, and `./lib` for `./lib.ts` (a bundler's spelling).
 */
function typeScriptSpellings(specifier: string): string[] {
  if (specifier.endsWith('.js')) return [specifier.slice(0, -3) + '.ts'];
  if (specifier.endsWith('.mjs')) return [specifier.slice(0, -4) + '.mts'];
  if (!/\.[A-Za-z0-9]+$/.test(specifier)) return [specifier + '.ts', specifier + '/index.ts'];
  return [];
}

/**
 * Resolves as Node does; a relative import from a TypeScript module that names no file is tried
 * again as the TypeScript file it stands for.
 *
 * @example
 * // in myModel.ts beside lib.ts: import { step } from './lib.js';  →  file:///…/lib.ts
 */
export const resolve: ResolveHook = async (specifier, context, nextResolve) => {
  try {
    return await nextResolve(specifier, context);
  } catch (e) {
    const notFound = (e as { code?: string }).code === 'ERR_MODULE_NOT_FOUND';
    const fromTypeScript = context.parentURL !== undefined && isTypeScriptUrl(context.parentURL);
    if (!notFound || !fromTypeScript || !/^\.{1,2}\//.test(specifier)) throw e;
    for (const spelling of typeScriptSpellings(specifier)) {
      try {
        return await nextResolve(spelling, context);
      } catch {
        // Not this spelling either: try the next, and report the import as written if none is there.
      }
    }
    throw e;
  }
};

/**
 * Loads a TypeScript file as the ES module esbuild makes of it, with an inline source map so that
 * a stack names the line of the `.ts` file; any other file loads as Node loads it.
 *
 * @example
 * // import('file:///home/me/models/myModel.ts') runs the JavaScript transpiled from myModel.ts
 */
export const load: LoadHook = async (url, context, nextLoad) => {
  if (!isTypeScriptUrl(url)) return nextLoad(url, context);
  const path = fileURLToPath(url);
  const source = await readFile(path, 'utf8');
  const { code } = await transform(source, { loader: 'ts', format: 'esm', target: 'node20', sourcemap: 'inline', sourcefile: path });
  return { format: 'module', source: code, shortCircuit: true };
};
