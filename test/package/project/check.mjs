// A script of the user's own that checks both models through the API: the JavaScript one in this
// thread, the TypeScript one with two worker threads. It prints the counts and verdicts as JSON.
import { check, checkParallel } from 'ipc-check';
import ring from './models/ring.js';

const summary = (r) => ({ distinct: r.stats.distinct, verdicts: Object.fromEntries(Object.entries(r.verdicts).map(([name, v]) => [name, v.status])) });
const grid = await checkParallel({ kind: 'module', url: new URL('./models/grid.ts', import.meta.url).href, exportName: 'default', args: [] }, { workers: 2 });
console.log(JSON.stringify({ ring: summary(check(ring())), grid: summary(grid) }));
