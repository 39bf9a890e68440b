import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Builds dist/ once for the tests that run compiled code (CLI processes, worker threads).
    globalSetup: ['test/setup/build.ts'],
    // The suite runs on 2-core machines that other work shares (CI runs beside nothing, but a
    // developer's machine runs agents and builds beside it). Vitest's 5 s default failed a test
    // that takes 3 s alone (refillTable's property) in three runs of three while other work ran.
    // No test asserts speed; a timeout only catches a hung test, so it is set far above any
    // test's time on an idle machine (the slowest take about 4 s; those above 3 s set their own,
    // larger, timeout).
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
