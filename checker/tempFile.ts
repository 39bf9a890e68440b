/**
 * A temporary file for data a search writes out to save memory (trace records, the queue of a
 * fingerprint search). Created on the first write, so small searches never touch the disk;
 * deleted by `dispose`, or when the process exits if nobody disposed it.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Files not yet disposed, deleted when the process exits (a search abandoned without a result). */
const live = new Set<TempFile>();
process.once('exit', () => {
  for (const file of [...live]) file.dispose();
});

/**
 * A file of bytes at chosen offsets, in its own temporary directory.
 *
 * @example
 * const file = new TempFile('ipc-check-queue-');
 * file.write(new Uint32Array([1, 2]), 0);
 * const back = new Uint32Array(2);
 * file.read(back, 0); // back is [1, 2]
 * file.dispose();
 */
export class TempFile {
  private file: { readonly dir: string; readonly fd: number } | undefined;
  private disposed = false;

  /** `prefix` names the temporary directory (`ipc-check-trace-…`), so a leftover says what it was. */
  constructor(private readonly prefix: string) {}

  /** Writes all of `data` at byte `offset`. */
  write(data: Uint32Array | Int32Array, offset: number): void {
    writeSync(this.open().fd, data, 0, data.byteLength, offset);
  }

  /** Fills `into` from byte `offset`. */
  read(into: Uint32Array | Int32Array, offset: number): void {
    readSync(this.open().fd, into, 0, into.byteLength, offset);
  }

  /** Deletes the file; it cannot be used afterwards. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    live.delete(this);
    if (this.file === undefined) return;
    closeSync(this.file.fd);
    rmSync(this.file.dir, { recursive: true, force: true });
  }

  private open(): { readonly dir: string; readonly fd: number } {
    if (this.disposed) throw new Error('TempFile: used after dispose()');
    if (this.file === undefined) {
      const dir = mkdtempSync(join(tmpdir(), this.prefix));
      this.file = { dir, fd: openSync(join(dir, 'data.bin'), 'w+') };
      live.add(this);
    }
    return this.file;
  }
}
