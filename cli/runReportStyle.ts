/**
 * The style sheet of the run's report page, inlined in the page so that it works offline and
 * alone: system fonts, a light and a dark scheme, verdicts coloured by outcome.
 */

/**
 * The report's CSS, inserted in its `<style>` element.
 *
 * @example
 * html`<style>${trustedHtml(REPORT_STYLE)}</style>`;
 */
export const REPORT_STYLE = `
:root { color-scheme: light dark; --fg: #1d1f21; --bg: #ffffff; --muted: #5f6368; --line: #d0d4d9; --pass: #1a7f37; --fail: #cf222e; --unknown: #9a6700; --code: #f4f5f7; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6e6e6; --bg: #16181b; --muted: #a0a4aa; --line: #3a3f45; --pass: #4ac26b; --fail: #ff7b72; --unknown: #d4a72c; --code: #22262b; } }
body { font: 15px/1.45 system-ui, sans-serif; color: var(--fg); background: var(--bg); margin: 0 auto; padding: 1rem 1.5rem 3rem; max-width: 90rem; }
h1 { font-size: 1.5rem; margin: 0.5rem 0; }
h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.05rem; margin-bottom: 0.3rem; }
code, pre { font: 13px/1.35 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre { background: var(--code); padding: 0.6rem 0.8rem; overflow-x: auto; border-radius: 4px; }
pre.command { user-select: all; margin: 0.3rem 0 0.8rem; }
a { color: inherit; }
.run, .where, .totals, .files { color: var(--muted); }
.pass .verdict, .status.pass, details.trace.pass > summary { color: var(--pass); }
.fail .verdict, .status.fail, details.trace.fail > summary, li.model-error { color: var(--fail); }
.inconclusive .verdict { color: var(--unknown); }
pre.trace-text { max-height: 36rem; overflow: auto; }
.unexpected, .incomplete { color: var(--fail); font-weight: 600; }
.incomplete { border: 2px solid var(--fail); padding: 0.5rem 0.8rem; }
table.runs { border-collapse: collapse; width: 100%; }
table.runs th, table.runs td { border-bottom: 1px solid var(--line); padding: 0.35rem 0.5rem; vertical-align: top; text-align: left; }
table.runs td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.differs { background: color-mix(in srgb, var(--fail) 8%, transparent); }
ul.verdicts { list-style: none; margin: 0; padding: 0; }
ul.verdicts li { display: inline-block; margin-right: 1rem; white-space: nowrap; }
table.runs td:first-child { min-width: 16rem; max-width: 32rem; overflow-wrap: anywhere; }
.model { font-weight: 600; }
details.trace { border-left: 3px solid var(--line); margin: 0.8rem 0; padding-left: 0.8rem; }
details.trace.fail { border-left-color: var(--fail); }
details.trace.pass { border-left-color: var(--pass); }
details.trace > summary { cursor: pointer; font-weight: 600; }
figure { margin: 0.6rem 0; }
figure.picture { display: inline-block; vertical-align: top; margin-right: 1rem; max-width: 100%; }
figure.picture img { max-width: 100%; height: auto; background: #ffffff; border: 1px solid var(--line); }
figcaption { color: var(--muted); font-size: 0.9rem; }
`;
