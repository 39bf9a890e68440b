/**
 * Writing the report of a whole run, `index.html` in the counterexample directory: through a
 * temporary file and a rename, so the page is there whole (this run's, or the previous one's) or
 * not at all, never half-written.
 */
import { join } from 'node:path';
import { makeDirectory, writeWhole } from '../counterexamples/writeSafely.js';

/**
 * The report's file name in the output directory.
 *
 * @example
 * join(outDir, RUN_REPORT_FILE); // 'counterexamples/out/index.html'
 */
export const RUN_REPORT_FILE = 'index.html';

/**
 * Writes `page` as `<outDir>/index.html`, making `outDir` first if it is missing, and returns
 * the path written. Throws a `FileWriteError` naming the path that could not be made or written.
 *
 * @example
 * const path = await writeRunReport('counterexamples/out', runReportHtml(report)); // 'counterexamples/out/index.html'
 */
export async function writeRunReport(outDir: string, page: string): Promise<string> {
  await makeDirectory(outDir);
  const path = join(outDir, RUN_REPORT_FILE);
  await writeWhole(path, page);
  return path;
}
