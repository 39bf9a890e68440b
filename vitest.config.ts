import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Builds dist/ once for the tests that run compiled code (CLI processes, worker threads).
    globalSetup: ['test/setup/build.ts'],
  },
});
