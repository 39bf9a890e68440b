/**
 * The explorer commands the run's report prints: one shell word per argument, the run's
 * parameters as `--set`, a trace's path as the user in the run's directory types it.
 */
import { describe, expect, it } from 'vitest';
import { exploreRunCommand, exploreTraceCommand, pathFrom, shellWord } from '../../cli/explorerCommand.js';

describe('explorer commands', () => {
  it('quote only what a shell would split or interpret, a single quote included', () => {
    expect(shellWord('seL4.rpcPool')).toBe('seL4.rpcPool');
    expect(shellWord('bug=lostReply')).toBe('bug=lostReply');
    expect(shellWord('my dir/a.json')).toBe(`'my dir/a.json'`);
    expect(shellWord(`it's`)).toBe(`'it'\\''s'`);
    expect(shellWord('$(rm)')).toBe(`'$(rm)'`);
  });

  it("reproduce a registry run by its entry and its overrides, in the registry's order", () => {
    expect(exploreRunCommand('naiveLock', {})).toBe('npx ipc-check explore naiveLock');
    expect(exploreRunCommand('seL4.rpcPool', { mutant: 'replyToAnyWaiter', servers: 2 })).toBe('npx ipc-check explore seL4.rpcPool --set mutant=replyToAnyWaiter --set servers=2');
    expect(exploreRunCommand('naiveLock', { atomic: true })).toBe('npx ipc-check explore naiveLock --set atomic=true');
  });

  it("open a trace by its path from the run's directory, absolute when it lies outside", () => {
    expect(exploreTraceCommand('/repo/counterexamples/out/diehard/big-jug-never-holds-4.json', '/repo')).toBe('npx ipc-check explore --trace counterexamples/out/diehard/big-jug-never-holds-4.json');
    expect(exploreTraceCommand('/tmp/my out/x.json', '/repo')).toBe(`npx ipc-check explore --trace '/tmp/my out/x.json'`);
    expect(pathFrom('/repo', '/repository/x.json')).toBe('/repository/x.json');
    expect(pathFrom('/repo', '/repo/..x/y.json')).toBe('..x/y.json');
  });
});
