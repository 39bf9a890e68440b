#!/usr/bin/env node
/**
 * The `ipc-check` executable: runs {@link main} on the process arguments, turns the first Ctrl-C
 * (SIGINT) or SIGTERM into a clean stop (statistics printed, written files kept, temporary files
 * removed) and a second into an immediate exit (temporary files still removed on the way out).
 */
import { describeFileError, errnoCode } from '../checker/fileError.js';
import { ExitCode } from './exitCodes.js';

/**
 * The command line, loaded here rather than imported statically: loading it loads the registry,
 * which refuses two entries with one id; that refusal is a message, not a stack trace.
 */
let cli: typeof import('./main.js');
try {
  cli = await import('./main.js');
} catch (e) {
  if (!(e instanceof Error && e.name === 'DuplicateRegistryId')) throw e;
  process.stderr.write(`ipc-check: ${e.message}\n`);
  process.exit(ExitCode.Internal);
}
const { main, requestInterrupt, whatStops } = cli;

/**
 * Why standard output could not be written (`> /dev/full`, a full disk), if it could not. A
 * reader that went away (`| head`, EPIPE) is no failure: the rest is dropped quietly, as other
 * command-line tools do, and the counterexample files are still written.
 */
let stdoutFailure: string | undefined;
process.stdout.on('error', (e) => {
  if (errnoCode(e) !== 'EPIPE') stdoutFailure ??= describeFileError(e);
});

/** The first stop signal received; it decides the exit code of an interrupted run. */
let stoppedBy: NodeJS.Signals | undefined;

/** The exit code of a run stopped by `signal`: 130 for SIGINT, 143 for SIGTERM (128 + the signal's number, as shells report). */
const stopCode = (signal: NodeJS.Signals) => (signal === 'SIGTERM' ? ExitCode.Terminated : ExitCode.Interrupted);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    stoppedBy ??= signal;
    // process.exit runs the 'exit' handlers, which delete the temporary files.
    if (!requestInterrupt()) process.exit(stopCode(stoppedBy));
    const how = signal === 'SIGINT' ? 'interrupted' : 'terminated (SIGTERM)';
    process.stderr.write(`\nipc-check: ${how}; ${whatStops()} (Ctrl-C or SIGTERM again to quit at once)\n`);
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code === ExitCode.Interrupted && stoppedBy !== undefined ? stopCode(stoppedBy) : code;
    if (stdoutFailure !== undefined && stoppedBy === undefined) {
      process.stderr.write(`ipc-check: the result could not be written to standard output (exit code ${ExitCode.NotWritten}): ${stdoutFailure}\n`);
      process.exitCode = ExitCode.NotWritten;
    }
  },
  (e) => {
    process.stderr.write(`ipc-check: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = ExitCode.Internal;
  },
);
