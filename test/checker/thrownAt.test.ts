/**
 * thrownAt picks, from an error's stack, the frame of the model's code: the first outside
 * ipc-check before the checker's own frames, else the first in ipc-check's models.
 */
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { thrownAt } from '../../checker/thrownAt.js';
import { describeThrown } from '../../checker/errors.js';

const REPO = resolve(fileURLToPath(import.meta.url), '../../..');
const own = (path: string) => join(REPO, path);
const outside = '/home/user/models/mine.js';

/** An Error whose stack is `frames`, innermost first. */
function thrownWith(...frames: string[]): Error {
  const e = new Error('boom');
  e.stack = ['Error: boom', ...frames.map((f) => `    at ${f}`)].join('\n');
  return e;
}

describe('thrownAt', () => {
  it("names the user's frame when the user's code threw", () => {
    const e = thrownWith(`next (${outside}:14:11)`, `SearchEngine.expand (${own('checker/searchEngine.ts')}:560:20)`);
    expect(thrownAt(e)).toBe(`${outside}:14:11`);
  });

  it("names the user's call into ipc-check when an ipc-check building block threw", () => {
    const e = thrownWith(`returnToUser (${own('model/hw/cpu.ts')}:89:35)`, `next (${outside}:20:5)`, `SearchEngine.expand (${own('checker/searchEngine.ts')}:560:20)`);
    expect(thrownAt(e)).toBe(`${outside}:20:5`);
  });

  it("names ipc-check's own model when no user code is on the way, never the checker's caller", () => {
    const e = thrownWith(
      `block (${own('model/kernel/endpoint.ts')}:91:11)`,
      `sel4Syscall (${own('model/designs/sel4.ts')}:200:7)`,
      `SearchEngine.expand (${own('checker/searchEngine.ts')}:560:20)`,
      `check (${own('checker/check.ts')}:90:3)`,
      `${own('test/model/mine.test.ts')}:12:5`,
    );
    expect(thrownAt(e)).toBe('model/kernel/endpoint.ts:91:11');
  });

  it('names nothing for an error the checker raised itself', () => {
    const e = thrownWith(`SearchEngine.fail (${own('checker/searchEngine.ts')}:300:11)`, `${outside}:3:1`);
    expect(thrownAt(e)).toBeUndefined();
  });

  it('names nothing for a configuration the registry refused: its message says what to fix', () => {
    const e = thrownWith(`validConfig (${own('registry/entry.ts')}:120:11)`, `build (${own('cli/main.ts')}:58:18)`);
    expect(thrownAt(e)).toBeUndefined();
  });

  it("skips Node's internals, native frames and generated code, and reads file: URLs", () => {
    const e = thrownWith(
      'JSON.parse (<anonymous>)',
      'Module._compile (node:internal/modules/cjs/loader:1234:14)',
      `eval (eval at compileCodec (${pathToFileURL(own('model/core/shape/compile.js')).href}:280:16), <anonymous>:1:23)`,
      `${pathToFileURL(outside).href}:7:9`,
    );
    expect(thrownAt(e)).toBe(`${outside}:7:9`);
  });

  it('counts a built ipc-check (dist/) as its own, beside the sources', () => {
    const e = thrownWith(`trap (${own('dist/model/hw/cpu.js')}:70:1)`, `next (${outside}:30:2)`, `x (${own('dist/checker/searchEngine.js')}:1:1)`);
    expect(thrownAt(e)).toBe(`${outside}:30:2`);
  });

  it('names a file under the working folder relative to it', () => {
    const e = thrownWith(`next (${join(process.cwd(), 'models', 'mine.ts')}:4:2)`);
    expect(thrownAt(e)).toBe(join('models', 'mine.ts') + ':4:2');
  });

  it('gives nothing for a thrown value that is not an Error, or an Error without a stack', () => {
    expect(thrownAt('boom')).toBeUndefined();
    const bare = new Error('bare');
    bare.stack = undefined;
    expect(thrownAt(bare)).toBeUndefined();
  });

  it('is appended to the message by describeThrown', () => {
    expect(describeThrown(thrownWith(`next (${outside}:14:11)`))).toBe(`boom (at ${outside}:14:11)`);
    expect(describeThrown(42)).toBe('42');
  });
});
