/**
 * Singularity channel contracts as data (card M12): the rules they are written in, K(C, dir)
 * computed from them, and the cycle rule with the message that reports a pure loop before any
 * search.
 */
import { describe, expect, it } from 'vitest';
import { bound, checkContract, ContractError, DATA_STOP, defineContract, naiveBound, NIC_DEVICE_EVENT, pureLoop, RPC, states, stepsFrom, XON_XOFF } from '../../../model/designs/contract.js';
import { ModelDefinitionError } from '../../../model/core/definitionError.js';

/** A pure send loop over two states, reached after one receive. */
const SEND_LOOP = defineContract('Flood', 'Start', [
  ['Start', 'Open?', 'A'],
  ['A', 'X!', 'B'],
  ['B', 'Y!', 'A'],
  ['A', 'Done!', 'Start'],
]);

describe('contracts as data', () => {
  it('a rule names its direction from the exporter\'s side: ? the exporter receives, ! it sends', () => {
    expect(RPC.steps).toEqual([
      { from: 'Start', message: 'Req', dir: 'in', to: 'Sent' },
      { from: 'Sent', message: 'Reply', dir: 'out', to: 'Start' },
      { from: 'Sent', message: 'Error', dir: 'out', to: 'Start' },
    ]);
    expect(stepsFrom(RPC, 'Sent').map((s) => s.message)).toEqual(['Reply', 'Error']);
    expect(states(RPC)).toEqual(['Start', 'Sent']);
    expect(states(NIC_DEVICE_EVENT)).toEqual(['READY', 'ACK']);
  });

  it('a message without ? or ! and a state naming one message twice are refused as definition errors', () => {
    expect(() => defineContract('Bad', 'S', [['S', 'Data', 'S']])).toThrow(new ModelDefinitionError("contract Bad: message 'Data' in state S must end in ? (the exporter receives it) or ! (the exporter sends it)"));
    expect(() => defineContract('Twice', 'S', [['S', 'M?', 'S'], ['S', 'M!', 'T']])).toThrow('contract Twice: state S names message M twice');
  });
});

describe('K(C, dir): the longest run of same-direction messages on any path', () => {
  it('is 1 both ways for the RPC contract and for NicDeviceEventContract', () => {
    expect([bound(RPC, 'in'), bound(RPC, 'out')]).toEqual([1, 1]);
    expect([bound(NIC_DEVICE_EVENT, 'in'), bound(NIC_DEVICE_EVENT, 'out')]).toEqual([1, 1]);
  });

  it('counts the longest run on any branch, from any reachable state', () => {
    const c = defineContract('Batch', 'S0', [
      ['S0', 'A?', 'S1'],
      ['S1', 'A?', 'S2'],
      ['S1', 'Go!', 'S0'],
      ['S2', 'B!', 'S3'],
      ['S3', 'C!', 'S0'],
    ]);
    expect([bound(c, 'in'), bound(c, 'out')]).toEqual([2, 2]);
  });

  it('is unbounded for a direction with a pure loop, and 0 for a direction with no message', () => {
    expect([bound(DATA_STOP, 'in'), bound(DATA_STOP, 'out')]).toEqual([Infinity, 0]);
    expect(bound(XON_XOFF, 'in')).toBe(Infinity);
    expect(bound(SEND_LOOP, 'out')).toBe(Infinity);
  });

  it('the naive bound of an implementation that skips the rule takes each loop once; on a well-formed contract it is K', () => {
    expect(naiveBound(DATA_STOP, 'in')).toBe(1);
    expect(naiveBound(SEND_LOOP, 'out')).toBe(2);
    expect([naiveBound(RPC, 'in'), naiveBound(RPC, 'out')]).toEqual([1, 1]);
  });
});

describe('the cycle rule: every cycle needs a ! and a ?', () => {
  it('the RPC and NicDeviceEvent contracts keep it', () => {
    expect(pureLoop(RPC)).toBeUndefined();
    expect(pureLoop(NIC_DEVICE_EVENT)).toBeUndefined();
    expect(checkContract(RPC)).toBe(RPC);
  });

  it('finds F1\'s pure receive loop, SDN5\'s StreamXonXoff and a two-state pure send loop, with the cycle', () => {
    expect(pureLoop(DATA_STOP)).toEqual({ dir: 'in', cycle: [{ from: 'S', message: 'Data', dir: 'in', to: 'S' }] });
    expect(pureLoop(XON_XOFF)).toEqual({ dir: 'in', cycle: [{ from: 'START', message: 'Request', dir: 'in', to: 'START' }] });
    expect(pureLoop(SEND_LOOP)).toEqual({
      dir: 'out',
      cycle: [
        { from: 'A', message: 'X', dir: 'out', to: 'B' },
        { from: 'B', message: 'Y', dir: 'out', to: 'A' },
      ],
    });
  });

  it('a pure loop no path reaches is no violation', () => {
    const c = defineContract('Dead', 'S', [['S', 'Req?', 'T'], ['T', 'Rsp!', 'S'], ['U', 'Data?', 'U']]);
    expect(pureLoop(c)).toBeUndefined();
    expect(bound(c, 'in')).toBe(1);
  });

  it('an ill-formed contract is a ContractError (a model definition error) naming the problem, the cycle and the fix', () => {
    let e: unknown;
    try {
      checkContract(DATA_STOP);
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(ContractError);
    expect(e).toBeInstanceOf(ModelDefinitionError);
    expect(e).toMatchObject({ name: 'ContractError', contract: 'DataStop', dir: 'in', cycle: [{ from: 'S', message: 'Data', dir: 'in', to: 'S' }] });
    expect((e as Error).message).toBe(
      "contract DataStop is ill-formed: state S is part of a pure receive loop S -Data?-> S (from the exporter's side: the importer may send Data for ever while the exporter sends nothing back). " +
        "Every cycle of a contract needs at least one ! and one ?, so that each direction's queue is bounded by K(C, dir), the longest run of same-direction messages on any path; " +
        'on this cycle no number of endpoint slots is enough. Fix: make the exporter answer on the cycle, for example S -Data?-> S_ACK -Ack!-> S, as NicDeviceEventContract acknowledges each event.',
    );
  });

  it('a pure send loop is named as one, with every message on it and the receive that would fix it', () => {
    expect(() => checkContract(SEND_LOOP)).toThrow(
      "contract Flood is ill-formed: state A is part of a pure send loop A -X!-> B -Y!-> A (from the exporter's side: the exporter may send X, Y for ever while the importer sends nothing back).",
    );
    expect(() => checkContract(SEND_LOOP)).toThrow('Fix: make the importer answer on the cycle, for example A -X!-> A_ACK -Ack?-> B,');
  });
});
