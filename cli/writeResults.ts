/**
 * Writing the counterexample files of the runs a command has printed, after it printed them. A
 * directory or file that cannot be written is reported on stderr with its path and the reason;
 * the other runs' files are still written, and the caller exits with `ExitCode.NotWritten`.
 */
import { sep } from 'node:path';
import { writePlannedFile, type CounterexamplePlan } from '../counterexamples/write.js';
import { FileWriteError, makeDirectory } from '../counterexamples/writeSafely.js';
import { ExitCode } from './exitCodes.js';

/**
 * What {@link writePlans} wrote and how many files it could not.
 *
 * @example
 * const report: WriteReport = { written: ['out/diehard/big-jug-never-holds-4.txt'], notWritten: 0 };
 */
export interface WriteReport {
  readonly written: readonly string[];
  readonly notWritten: number;
}

/**
 * Writes every plan's files, reporting each failure through `report` (one line, no stack): a
 * directory that cannot be made once, with the files of every later plan under it counted but
 * not tried again; a file that cannot be written on its own line. Errors other than
 * {@link FileWriteError} (bugs) are thrown.
 *
 * @example
 * const { written, notWritten } = await writePlans([plan], (line) => process.stderr.write(line + '\n'));
 */
export async function writePlans(plans: readonly CounterexamplePlan[], report: (line: string) => void): Promise<WriteReport> {
  const written: string[] = [];
  let notWritten = 0;
  /** Directories that could not be made: a later plan under one of them fails the same way. */
  const refused: string[] = [];
  const under = (dir: string, root: string) => dir === root || dir.startsWith(root.endsWith(sep) ? root : root + sep);
  for (const plan of plans) {
    if (plan.files.length === 0) continue;
    if (refused.some((root) => under(plan.outDir, root))) {
      notWritten += plan.files.length;
      continue;
    }
    try {
      await makeDirectory(plan.outDir);
    } catch (e) {
      if (!(e instanceof FileWriteError)) throw e;
      refused.push(e.path);
      notWritten += plan.files.length;
      report(`ipc-check: cannot write the ${plan.files.length} counterexample file(s) under ${plan.outDir}: ${e.message}`);
      continue;
    }
    for (const file of plan.files) {
      try {
        await writePlannedFile(file);
        written.push(file.path);
      } catch (e) {
        if (!(e instanceof FileWriteError)) throw e;
        notWritten++;
        report(`ipc-check: ${e.message}`);
      }
    }
  }
  return { written, notWritten };
}

/**
 * The closing line after files were not written: the printed result stands, and what to do.
 *
 * @example
 * notWrittenLine(4); // 'ipc-check: 4 counterexample file(s) not written (exit code 10); the verdicts and statistics printed are complete: give --out a writable directory to have the files'
 */
export function notWrittenLine(count: number): string {
  return `ipc-check: ${count} counterexample file(s) not written (exit code ${ExitCode.NotWritten}); the verdicts and statistics printed are complete: give --out a writable directory to have the files`;
}
