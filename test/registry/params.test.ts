/**
 * Parameters are validated in one place, from the ranges each registry entry declares: the
 * command line's `--set` (parseParam) and every configuration an entry builds (its make), with a
 * message naming the parameter, its range and a value to give. Factories check nothing themselves.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  diningEntry,
  distinctIds,
  findEntry,
  inRange,
  l4IpcEntry,
  naiveLockEntry,
  ParamError,
  parseParam,
  registry,
  twoPhaseEntry,
} from '../../registry/index.js';
import { ExitCode } from '../../cli/exitCodes.js';

/** The error `f` throws, or undefined. */
function thrownBy(f: () => unknown): unknown {
  try {
    f();
    return undefined;
  } catch (e) {
    return e;
  }
}

describe('--set values (parseParam)', () => {
  it('parses a value in range to its type', () => {
    expect(parseParam(diningEntry, 'n', '7')).toEqual({ ok: true, value: 7 });
    expect(parseParam(diningEntry, 'lefty0', 'true')).toEqual({ ok: true, value: true });
    expect(parseParam(l4IpcEntry, 'bug', 'sharedReplyCap')).toEqual({ ok: true, value: 'sharedReplyCap' });
  });

  it.each([
    ['an int below its range', 'n', '1', '--set n=1: n must be a whole number from 2 to 20 (philosophers); for example --set n=5 (the default)'],
    ['an int above its range', 'n', '21', '--set n=21: n must be a whole number from 2 to 20 (philosophers); for example --set n=5 (the default)'],
    ['a fraction', 'n', '2.5', '--set n=2.5: n must be a whole number from 2 to 20 (philosophers); for example --set n=5 (the default)'],
    ['a word for an int', 'n', 'five', '--set n=five: n must be a whole number from 2 to 20 (philosophers); for example --set n=5 (the default)'],
    [
      'a bool that is not true or false',
      'lefty0',
      'yes',
      '--set lefty0=yes: lefty0 must be true or false (philosopher 0 takes its right fork first (Lefties = {0})); for example --set lefty0=false (the default)',
    ],
  ])('refuses %s, naming the parameter, its range and a value to give', (_what, key, value, message) => {
    expect(parseParam(diningEntry, key, value)).toEqual({ ok: false, error: message });
  });

  it('refuses an enum value outside its values, listing them', () => {
    expect(parseParam(twoPhaseEntry, 'bug', 'typo')).toEqual({
      ok: false,
      error: '--set bug=typo: bug must be one of none, commitOnFirstPrepared, abortAfterCommit (seeded bug: none, or a TM that decides wrongly); for example --set bug=none (the default)',
    });
  });

  it('refuses a parameter the entry does not declare, listing those it does', () => {
    expect(parseParam(naiveLockEntry, 'thread', '2')).toEqual({ ok: false, error: "unknown parameter 'thread' for naiveLock; valid: threads, atomic" });
  });
});

describe('configurations an entry builds (make)', () => {
  it('fills what is not given from the defaults', () => {
    expect(diningEntry.make({ n: 3 }).name).toBe(diningEntry.make({ ...diningEntry.defaults, n: 3 }).name);
  });

  it.each([
    ['an int out of range', { clients: 0 }, 'clients', 'l4Ipc: clients must be a whole number from 1 to 8 (client threads (C)), got 0; its default is 2'],
    ['a string for an int', { rounds: '2' }, 'rounds', 'l4Ipc: rounds must be a whole number from 0 to 6 (calls per client (R)), got "2"; its default is 2'],
    [
      'an unknown enum value',
      { bug: 'nope' },
      'bug',
      'l4Ipc: bug must be one of none, sharedReplyCap (seeded bug: none, or one reply capability shared by all servers), got "nope"; its default is none',
    ],
    ['an undeclared parameter', { client: 2 }, 'client', "unknown parameter 'client' for l4Ipc; valid: clients, servers, rounds, payloads, bug"],
  ])('refuses %s before the factory sees it, with a ParamError naming the parameter', (_what, config, param, message) => {
    const e = thrownBy(() => l4IpcEntry.make(config));
    expect(e).toBeInstanceOf(ParamError);
    expect(e).toBeInstanceOf(RangeError);
    expect((e as ParamError).param).toBe(param);
    expect((e as ParamError).message).toBe(message);
  });

  it('throws the ParamError and DuplicateRegistryId classes the package root exports, so that a user can tell them apart', async () => {
    const root = await import('../../index.js');
    expect(thrownBy(() => l4IpcEntry.make({ clients: 0 }))).toBeInstanceOf(root.ParamError);
    expect(thrownBy(() => distinctIds([root.dieHardEntry, root.dieHardEntry]))).toBeInstanceOf(root.DuplicateRegistryId);
  });

  it('refuses a design × workload configuration outside the workload’s declared range', () => {
    const entry = findEntry('seL4.rpcPool')!;
    const e = thrownBy(() => entry.make({ clients: 99 }));
    expect(e).toBeInstanceOf(ParamError);
    expect((e as ParamError).message).toMatch(/^seL4\.rpcPool: clients must be a whole number from 1 to \d+ \(.+\), got 99; its default is \d+$/);
    expect((thrownBy(() => entry.make({ mutant: 'noSuchMutant' })) as ParamError).message).toMatch(/^seL4\.rpcPool: mutant must be one of none, /);
  });

  it('accepts every registered run and every default: npm run check never meets a refused configuration', () => {
    const refused: string[] = [];
    for (const entry of registry) {
      for (const config of [entry.defaults, ...entry.runs.map((r) => ({ ...entry.defaults, ...r.set }))]) {
        for (const [key, value] of Object.entries(config)) {
          const spec = entry.params[key];
          if (spec === undefined || !inRange(spec, value)) refused.push(`${entry.id}: ${key}=${JSON.stringify(value)}`);
        }
      }
    }
    expect(refused).toEqual([]);
  });
});

describe('the command line', () => {
  const bin = fileURLToPath(new URL('../../dist/cli/bin.js', import.meta.url));
  const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });

  it('exits with the usage code and one line naming the parameter, its range and a value, with no stack trace', () => {
    const r = run('dining', '--set', 'n=1', '--no-progress');
    expect(r.status).toBe(ExitCode.Usage);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('ipc-check: --set n=1: n must be a whole number from 2 to 20 (philosophers); for example --set n=5 (the default)\nrun with --help for usage\n');
  });

  it('refuses a bad --set for a matrix the same way', () => {
    const r = run('--matrix', 'rpcPool', '--set', 'clients=99', '--no-progress');
    expect(r.status).toBe(ExitCode.Usage);
    expect(r.stderr).toMatch(/^ipc-check: --set clients=99: clients must be a whole number from 1 to \d+ \(.+\); for example --set clients=\d+ \(the default\)\n$/);
  });
});
