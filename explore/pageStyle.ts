/**
 * The explorer page's style sheet: plain CSS, served by the explorer as `/explore.css`.
 */

/**
 * The CSS of the explorer's page: three columns (state, actions and verdicts, path and chart)
 * that stack on a narrow window; changed fields and failing verdicts in colour.
 *
 * @example
 * send(res, 200, 'text/css; charset=utf-8', EXPLORE_PAGE_CSS);
 */
export const EXPLORE_PAGE_CSS = `:root { --ink: #222; --muted: #666; --rule: #ddd; --changed: #fff3bf; --changed-ink: #8a6100; --bad: #c0392b; --good: #1e8449; --accent: #2e6da4; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.4 system-ui, sans-serif; color: var(--ink); background: #fafafa; }
header { padding: 8px 16px; background: #fff; border-bottom: 1px solid var(--rule); }
h1 { margin: 0 0 4px; font-size: 18px; font-family: ui-monospace, monospace; }
h2 { margin: 12px 0 6px; font-size: 15px; }
nav { display: flex; gap: 8px; align-items: center; }
button { font: inherit; padding: 3px 10px; border: 1px solid #bbb; border-radius: 4px; background: #fff; cursor: pointer; }
button:hover:not(:disabled) { border-color: var(--accent); }
button:disabled { color: #aaa; cursor: default; }
#position { color: var(--muted); }
#error { color: var(--bad); font-weight: 600; white-space: pre-wrap; }
#trace { margin: 0 0 4px; color: var(--bad); }
main { display: grid; grid-template-columns: minmax(280px, 1fr) minmax(260px, 1fr) minmax(300px, 1.3fr); gap: 16px; padding: 8px 16px; }
@media (max-width: 1000px) { main { grid-template-columns: 1fr; } }
section { min-width: 0; }
#search { width: 100%; padding: 4px 6px; font: inherit; }
#search-count { margin: 2px 0; color: var(--muted); min-height: 1.4em; }
#state { font-family: ui-monospace, monospace; font-size: 13px; }
#state details { margin-left: 12px; }
#state summary { cursor: pointer; }
#state .leaf { margin-left: 24px; padding: 0 4px; }
#state .leaf .value { color: var(--accent); }
#state .changed { background: var(--changed); }
#state .changed .before { color: var(--changed-ink); text-decoration: line-through; margin-right: 4px; }
#state summary.changed { font-weight: 600; }
#actions { padding-left: 28px; }
#actions li { margin: 3px 0; }
#actions li.none { list-style: none; }
#actions button { font-family: ui-monospace, monospace; text-align: left; }
.flag { display: inline-block; margin-left: 6px; padding: 0 6px; border-radius: 8px; font-size: 12px; }
.flag.on-path { background: #e8daef; }
.flag.visited { background: #d6eaf8; }
.flag.out-of-bounds { background: #eee; }
.flag.error { background: #f9d0d0; }
.legend { color: var(--muted); font-size: 12px; margin: 0 0 4px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 2px 6px; border-bottom: 1px solid var(--rule); vertical-align: top; }
td.status-holds, td.status-witnessed { color: var(--good); }
td.status-violated, td.status-error { color: var(--bad); font-weight: 600; }
td.status-not-here, td.status-not-judged-here { color: var(--muted); }
#steps { list-style: none; padding-left: 4px; font-family: ui-monospace, monospace; font-size: 13px; }
#steps li.current { font-weight: 700; }
#steps a { color: var(--accent); text-decoration: none; }
#steps a:hover { text-decoration: underline; }
#chart { overflow: auto; max-height: 70vh; background: #fff; border: 1px solid var(--rule); }
#chart:empty { display: none; }
#chart svg { display: block; max-width: 100%; height: auto; }
`;
