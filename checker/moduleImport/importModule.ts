/**
 * Imports a model module of the user's own, JavaScript or TypeScript, in whichever thread asks:
 * the command line's, the caller of `checkParallel`, and each worker thread, which loads the
 * model's module itself. Module-loading hooks belong to the thread that registers them, so every
 * thread that imports a TypeScript model registers ipc-check's hooks (`typeScriptHooks.ts`) on
 * its first such import; the user configures no loader.
 */
import { register } from 'node:module';
import { isTypeScriptUrl } from './typeScriptUrl.js';

/** This thread's registration of the TypeScript hooks, once begun (or the knowledge that it needs none). */
let typeScriptReady: Promise<void> | undefined;

/**
 * Makes this thread able to import `.ts` and `.mts` modules: registers the hooks that transpile
 * them, once, and turns on source maps so that a stack names the lines of the TypeScript file.
 * ipc-check's own modules are loaded first, without the hooks: once hooks are registered, every
 * module the thread loads passes through Node's hooks thread, which made loading ipc-check take
 * about twice as long in each worker (a model imports `ipc-check`). Running from the sources
 * (`import.meta.url` is this `.ts` file), the runner that loaded them (vitest) loads TypeScript
 * already, and there is no built hooks file to register.
 *
 * @example
 * await enableTypeScriptModules();
 * await import(new URL('./myModel.ts', import.meta.url).href);
 */
export function enableTypeScriptModules(): Promise<void> {
  typeScriptReady ??= (async () => {
    if (import.meta.url.endsWith('.ts')) return;
    await import('../../index.js');
    register('./typeScriptHooks.js', import.meta.url);
    process.setSourceMapsEnabled(true);
  })();
  return typeScriptReady;
}

/**
 * The exports of the module at `url` (a `file:` URL), TypeScript included.
 *
 * @example
 * const mod = await importModule(pathToFileURL('models/myModel.ts').href);
 * typeof mod.default; // 'function'
 */
export async function importModule(url: string): Promise<Record<string, unknown>> {
  if (isTypeScriptUrl(url)) await enableTypeScriptModules();
  return (await import(url)) as Record<string, unknown>;
}
