/**
 * Parent and action records live in a buffer and, past 2^18 records, in a temporary file.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TraceRecords } from '../../checker/traceRecords.js';

// Temporary files in a directory of this file's own: another check running at the same time makes
// trace directories in the shared /tmp, which would count here.
const ownTmp = mkdtempSync(join(tmpdir(), 'trace-records-test-'));
process.env.TMPDIR = ownTmp;
afterAll(() => rmSync(ownTmp, { recursive: true, force: true }));
const traceDirs = () => readdirSync(ownTmp).filter((d) => d.startsWith('ipc-check-trace-'));

describe('TraceRecords', () => {
  it('reads back every record, from the file and from the buffer, and deletes the file when disposed', () => {
    const before = new Set(traceDirs());
    const records = new TraceRecords();
    const n = 600_000;
    for (let i = 0; i < n; i++) records.append(i - 1, i % 251);
    const created = traceDirs().filter((d) => !before.has(d));
    expect(created).toHaveLength(1);
    for (const i of [0, 1, 262_143, 262_144, 524_287, 524_288, n - 1]) {
      expect([records.parent(i), records.actionIndex(i)]).toEqual([i - 1, i % 251]);
    }
    records.dispose();
    expect(existsSync(join(ownTmp, created[0]))).toBe(false);
  });

  it('keeps a small search off the disk', () => {
    const before = traceDirs().length;
    const records = new TraceRecords();
    for (let i = 0; i < 1000; i++) records.append(i - 1, 0);
    expect(traceDirs().length).toBe(before);
    expect(records.parent(999)).toBe(998);
    records.dispose();
  });
});
