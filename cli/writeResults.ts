/**
 * Writing the counterexample files of a command's runs: a single run's after its result is
 * printed, each of several runs' as soon as it ends (so that a second Ctrl-C, which quits at
 * once, keeps the files of the runs already finished). A directory or file that cannot be written
 * is reported on stderr with its path and the reason; the other runs' files are still written,
 * and the caller exits with `ExitCode.NotWritten`.
 */
import { sep } from 'node:path';
import { writePlannedFile, type CounterexamplePlan } from '../counterexamples/write.js';
import { FileWriteError, makeDirectory } from '../counterexamples/writeSafely.js';
import { ExitCode } from './exitCodes.js';

/**
 * Writes plans' files one plan at a time, as a command's runs finish, and keeps count: a
 * directory that cannot be made is reported once, with the files of every later plan under it
 * counted but not tried again; a file that cannot be written is reported on its own line. Each
 * report is one line, no stack. Errors other than {@link FileWriteError} (bugs) are thrown.
 *
 * @example
 * const writer = new PlanWriter((line) => process.stderr.write(line + '\n'));
 * await writer.write(planOfRun1); // on disk before the next run starts
 * await writer.write(planOfRun2);
 * writer.notWritten; // 0 when every file was written
 */
export class PlanWriter {
  /** The paths written so far, in order. */
  readonly written: string[] = [];
  /** Files not written so far. */
  notWritten = 0;
  /** Directories that could not be made: a later plan under one of them fails the same way. */
  private readonly refused: string[] = [];

  constructor(private readonly report: (line: string) => void) {}

  /** Writes `plan`'s files (none, and no directory, when it has none). */
  async write(plan: CounterexamplePlan): Promise<void> {
    if (plan.files.length === 0) return;
    const under = (dir: string, root: string) => dir === root || dir.startsWith(root.endsWith(sep) ? root : root + sep);
    if (this.refused.some((root) => under(plan.outDir, root))) {
      this.notWritten += plan.files.length;
      return;
    }
    try {
      await makeDirectory(plan.outDir);
    } catch (e) {
      if (!(e instanceof FileWriteError)) throw e;
      this.refused.push(e.path);
      this.notWritten += plan.files.length;
      this.report(`ipc-check: cannot write the ${plan.files.length} counterexample file(s) under ${plan.outDir}: ${e.message}`);
      return;
    }
    for (const file of plan.files) {
      try {
        await writePlannedFile(file);
        this.written.push(file.path);
      } catch (e) {
        if (!(e instanceof FileWriteError)) throw e;
        this.notWritten++;
        this.report(`ipc-check: ${e.message}`);
      }
    }
  }
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
