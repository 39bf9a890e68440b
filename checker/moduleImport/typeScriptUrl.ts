/**
 * Which module URLs are TypeScript that ipc-check transpiles as it loads them (see
 * `typeScriptHooks.ts`): `.ts` and `.mts` files. A `.cts` file is CommonJS, which a model module
 * is not (it imports `ipc-check`, an ES module).
 */

/** The endings of a TypeScript module's file name. */
const TYPESCRIPT = /\.m?ts$/;

/**
 * Whether `url` names a TypeScript module (a `.ts` or `.mts` file).
 *
 * @example
 * isTypeScriptUrl('file:///home/me/models/myModel.ts'); // true
 * isTypeScriptUrl('file:///home/me/models/myModel.js'); // false
 */
export function isTypeScriptUrl(url: string): boolean {
  return url.startsWith('file:') && TYPESCRIPT.test(new URL(url).pathname);
}
