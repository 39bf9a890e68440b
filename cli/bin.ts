#!/usr/bin/env node
/**
 * The `ipc-check` executable: runs {@link main} on the process arguments, turns the first Ctrl-C
 * into a clean stop (statistics printed, written files kept) and a second into an immediate exit.
 */
import { ExitCode } from './exitCodes.js';
import { main, requestInterrupt } from './main.js';

process.on('SIGINT', () => {
  if (!requestInterrupt()) process.exit(ExitCode.Interrupted);
  process.stderr.write('\nipc-check: interrupted; stopping the search and printing the statistics so far (Ctrl-C again to quit at once)\n');
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`ipc-check: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = ExitCode.Internal;
  },
);
