/**
 * The explorer's web server: one page, its style sheet and script, and a small JSON API the page
 * calls, served on 127.0.0.1 only, on a port the system chooses. The page and its script come
 * from the package itself (no CDN): it works offline.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { ModelSource } from './modelSource.js';
import { EXPLORE_PAGE_HTML } from './pageHtml.js';
import { EXPLORE_PAGE_CSS } from './pageStyle.js';
import { parseExploreQuery } from './query.js';
import { exploreView } from './view.js';
import type { ExploreSession } from './viewTypes.js';

/**
 * The page's compiled script: built by `tsc -p tsconfig.build.json` beside this module in
 * `dist/explore/page/`. Running from the sources (tests under vitest), this module is a `.ts`
 * file and the script is the built one under `dist/`.
 *
 * @example
 * await readFile(pageScriptFile(), 'utf8'); // the page's JavaScript
 */
export function pageScriptFile(): string {
  const relative = import.meta.url.endsWith('.ts') ? '../dist/explore/page/explorePage.js' : './page/explorePage.js';
  return fileURLToPath(new URL(relative, import.meta.url));
}

/**
 * A running explorer: where it listens, and how to stop it.
 *
 * @example
 * const explorer = await startExplorer({ source: modelSource(registry), session: { query: 'model=dieHard', title: 'dieHard' } });
 * console.log(explorer.url); // http://127.0.0.1:40123/?model=dieHard
 * await explorer.close();
 */
export interface RunningExplorer {
  /** The page's address, with the session's query. */
  readonly url: string;
  /** The address the server listens on: always 127.0.0.1. */
  readonly host: string;
  readonly port: number;
  /** Stops listening and closes every open connection. */
  close(): Promise<void>;
}

/**
 * What the page may run, load and connect to: only this server's own files and API.
 * Inline styles are allowed for the sequence chart's SVG.
 */
const CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, {
    'content-type': type,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'content-security-policy': CONTENT_SECURITY_POLICY,
  });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value));
}

/** The page's script without its source-map comment: the map is not shipped. */
async function pageScript(): Promise<string | undefined> {
  try {
    return (await readFile(pageScriptFile(), 'utf8')).replace(/^\/\/# sourceMappingURL=.*$/m, '');
  } catch {
    return undefined;
  }
}

/**
 * Starts the explorer on 127.0.0.1 at `port` (0, the default: a free port the system chooses).
 * `source` builds the models queries name; `session` is what the page opens when its address
 * names no model, and what `/api/session` answers. Requests whose `Host` is not this server's
 * address are refused (a web page elsewhere cannot reach it by renaming itself).
 *
 * @example
 * const explorer = await startExplorer({ source: modelSource(registry), session: { query: 'model=dining&set=n%3D3', title: 'dining(n=3)' } });
 * const view = await (await fetch(`http://127.0.0.1:${explorer.port}/api/view?model=dining&set=n%3D3&path=0`)).json();
 */
export async function startExplorer(options: { readonly source: ModelSource; readonly session: ExploreSession; readonly port?: number }): Promise<RunningExplorer> {
  const { source, session } = options;
  const host = '127.0.0.1';
  let port = 0;
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`];
    if (!allowedHosts.includes(req.headers.host ?? '')) {
      send(res, 403, 'text/plain; charset=utf-8', `this explorer answers requests for ${allowedHosts.join(' or ')} only`);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'text/plain; charset=utf-8', 'the explorer answers GET requests only');
      return;
    }
    const url = new URL(req.url ?? '/', `http://${host}:${port}`);
    switch (url.pathname) {
      case '/':
        send(res, 200, 'text/html; charset=utf-8', EXPLORE_PAGE_HTML);
        return;
      case '/explore.css':
        send(res, 200, 'text/css; charset=utf-8', EXPLORE_PAGE_CSS);
        return;
      case '/explore.js': {
        const script = await pageScript();
        if (script === undefined) send(res, 500, 'text/plain; charset=utf-8', `the page's script ${pageScriptFile()} is missing: build the package (npm run build)`);
        else send(res, 200, 'text/javascript; charset=utf-8', script);
        return;
      }
      case '/api/session':
        sendJson(res, 200, session);
        return;
      case '/api/view': {
        const parsed = parseExploreQuery(url.searchParams);
        if (!parsed.ok) return sendJson(res, 400, { error: parsed.error });
        const built = source.resolve(parsed.query);
        if (!built.ok) return sendJson(res, 400, { error: built.error });
        const view = exploreView(built.model, parsed.query);
        if (!view.ok) return sendJson(res, 400, { error: view.error });
        return sendJson(res, 200, view.view);
      }
      default:
        send(res, 404, 'text/plain; charset=utf-8', `no page ${url.pathname} here: the explorer is at /`);
    }
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: `internal error of the explorer: ${e instanceof Error ? e.message : String(e)}` });
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}/?${session.query}`,
    host,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
