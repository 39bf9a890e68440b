/**
 * Parent and action records kept on disk, as TLC keeps its trace file: fingerprint mode stores no
 * state, so the records that rebuild a counterexample must not cost memory per state either.
 * Records are appended in discovery order through a buffer and read back only to rebuild traces.
 */
import { TempFile } from './tempFile.js';

/** Records per write to disk (8 bytes each: parent, action). */
const BUFFER_RECORDS = 1 << 18;

/**
 * An append-only file of (parent index, action index) records, one per stored state.
 *
 * @example
 * const records = new TraceRecords();
 * records.append(-1, 0); records.append(0, 2);
 * records.parent(1); // 0
 * records.dispose();
 */
export class TraceRecords {
  count = 0;
  /** The file, created when the first buffer is written out: small searches never touch the disk. */
  private readonly file = new TempFile('ipc-check-trace-');
  /** Grows by doubling up to {@link BUFFER_RECORDS} records, so a small search stays small. */
  private buffer = new Int32Array(1024 * 2);
  /** Index of the first record in `buffer`; records before it are on disk. */
  private bufferStart = 0;
  private readonly one = new Int32Array(2);

  append(parent: number, action: number): void {
    const at = (this.count - this.bufferStart) * 2;
    if (at === this.buffer.length) {
      const bigger = new Int32Array(this.buffer.length * 2);
      bigger.set(this.buffer);
      this.buffer = bigger;
    }
    this.buffer[at] = parent;
    this.buffer[at + 1] = action;
    this.count++;
    if (this.count - this.bufferStart === BUFFER_RECORDS) this.flush();
  }

  /** The parent of record `index` (-1 for an initial state). */
  parent(index: number): number {
    return this.read(index)[0];
  }

  /** The action index of record `index`. */
  actionIndex(index: number): number {
    return this.read(index)[1];
  }

  /** Bytes held in memory (the write buffer); the file is on disk. */
  bytes(): number {
    return this.buffer.byteLength;
  }

  /** Deletes the file; the records cannot be read afterwards. */
  dispose(): void {
    this.file.dispose();
  }

  private read(index: number): Int32Array {
    if (index >= this.bufferStart) {
      const at = (index - this.bufferStart) * 2;
      this.one[0] = this.buffer[at];
      this.one[1] = this.buffer[at + 1];
      return this.one;
    }
    this.file.read(this.one, index * 8);
    return this.one;
  }

  private flush(): void {
    const records = this.count - this.bufferStart;
    this.file.write(this.buffer.subarray(0, records * 2), this.bufferStart * 8);
    this.bufferStart = this.count;
  }
}
