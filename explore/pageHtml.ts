/**
 * The explorer's page: plain HTML that the script fills in (`page/explorePage.ts`), with the
 * style sheet and the script served by the explorer itself.
 */

/**
 * The HTML of the explorer's one page. Every element the script fills has an `id`.
 *
 * @example
 * send(res, 200, 'text/html; charset=utf-8', EXPLORE_PAGE_HTML);
 */
export const EXPLORE_PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ipc-check explore</title>
<link rel="stylesheet" href="/explore.css">
<script type="module" src="/explore.js"></script>
</head>
<body>
<header>
  <h1 id="model">ipc-check explore</h1>
  <p id="trace" hidden></p>
  <nav>
    <button id="back" type="button" title="one step back (Alt+Left)">&#8592; Back</button>
    <button id="forward" type="button" title="the step taken before going back (Alt+Right)">Forward &#8594;</button>
    <button id="restart" type="button" title="back to the initial state">Initial state</button>
    <span id="position"></span>
  </nav>
  <p id="error" role="alert" hidden></p>
</header>
<main>
  <section id="state-section" aria-labelledby="state-heading">
    <h2 id="state-heading">State</h2>
    <input id="search" type="search" placeholder="Find a state field (path or value)" aria-label="find a state field">
    <p id="search-count"></p>
    <div id="state"></div>
  </section>
  <section id="actions-section" aria-labelledby="actions-heading">
    <h2 id="actions-heading">Enabled actions</h2>
    <p class="legend"><span class="flag on-path">on this path</span> leads to a state of the path so far; <span class="flag visited">visited</span> to a state shown before in this tab</p>
    <ol id="actions" start="0"></ol>
    <h2>Properties in this state</h2>
    <table id="verdicts"><thead><tr><th>property</th><th>kind</th><th>here</th></tr></thead><tbody></tbody></table>
  </section>
  <section id="path-section" aria-labelledby="path-heading">
    <h2 id="path-heading">Path</h2>
    <ol id="steps" start="0"></ol>
    <div id="chart"></div>
  </section>
</main>
</body>
</html>
`;
