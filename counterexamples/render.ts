/**
 * SVG rendering of DOT sources with graphviz-cli (Graphviz compiled to WebAssembly): no system
 * Graphviz is needed. The only module here besides `write.ts` with effects (it runs a worker).
 */
import { renderGraphFromSource } from 'graphviz-cli';

/**
 * The WebAssembly Graphviz has font metrics for ASCII only and says so on stderr, from its worker,
 * for every label with a character such as → or ⟨. The layout falls back to the width of a space,
 * which is harmless here; the warning would only clutter `npm run check`, so it is dropped.
 */
const FONT_WIDTH_WARNING = /^Warning: no value for width of non-ASCII character \d+\. Falling back to width of space character\r?\n?$/;
let installedFilter: typeof process.stderr.write | undefined;

/**
 * Wraps whatever `process.stderr.write` is now (a test harness may have replaced it since the
 * last render) in a filter that drops the font-width warning and passes everything else on.
 */
function dropFontWidthWarnings(): void {
  if (process.stderr.write === installedFilter) return;
  const write = process.stderr.write.bind(process.stderr) as (chunk: unknown, ...rest: unknown[]) => boolean;
  installedFilter = ((chunk: unknown, ...rest: unknown[]) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : null;
    if (text !== null && text.split('\n').every((l) => l === '' || FONT_WIDTH_WARNING.test(l))) return true;
    return write(chunk, ...rest);
  }) as typeof process.stderr.write;
  process.stderr.write = installedFilter;
}

/**
 * Lays out a DOT graph with Graphviz's `dot` engine and returns the SVG document. Rejects when
 * `dot` is empty or Graphviz reports a syntax error.
 *
 * @example
 * const svg = await renderSvg(traceToDot(model, pr));
 * svg.includes('<svg'); // true
 */
export async function renderSvg(dot: string): Promise<string> {
  // graphviz-cli reads standard input when given no source: refuse an empty one instead.
  if (dot.trim() === '') throw new Error('renderSvg: the DOT source is empty');
  dropFontWidthWarnings();
  try {
    return await renderGraphFromSource({ input: dot }, { engine: 'dot', format: 'svg' });
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new Error(`renderSvg: Graphviz could not render the graph: ${why.trim()}`);
  }
}
