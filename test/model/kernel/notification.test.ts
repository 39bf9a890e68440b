/**
 * The seL4 notification building block: badges OR together while nobody waits, Wait takes the whole
 * word and resets the object, and waiters are served first in, first out.
 */
import { describe, expect, it } from 'vitest';
import { idleNotification, notificationOk, pollNotification, signalNotification, waitNotification } from '../../../model/kernel/notification.js';

describe('notification (seL4)', () => {
  it('ORs badges into the word while nobody waits, and Wait returns the whole word and goes Idle', () => {
    let n = signalNotification(idleNotification(), 0b001).ntfn;
    expect(n).toEqual({ state: 'active', queue: [], word: 0b001 });
    n = signalNotification(n, 0b100).ntfn;
    n = signalNotification(n, 0b001).ntfn; // an equal badge coalesces: nothing counts it
    expect(n).toEqual({ state: 'active', queue: [], word: 0b101 });
    const w = waitNotification(n, 3);
    expect(w).toEqual({ ntfn: idleNotification(), received: 0b101 });
    expect(notificationOk(w.ntfn)).toBe(true);
  });

  it('queues waiters in FIFO order; a signal goes to the head waiter and leaves the word 0', () => {
    let n = waitNotification(idleNotification(), 2).ntfn;
    n = waitNotification(n, 4).ntfn;
    n = waitNotification(n, 1).ntfn;
    expect(n).toEqual({ state: 'waiting', queue: [2, 4, 1], word: 0 });
    const woken: number[] = [];
    for (const badge of [1, 2, 4]) {
      const r = signalNotification(n, badge);
      expect(r.badge).toBe(badge);
      woken.push(r.woken);
      n = r.ntfn;
      expect(notificationOk(n)).toBe(true);
    }
    expect(woken).toEqual([2, 4, 1]);
    expect(n).toEqual(idleNotification());
    expect(() => waitNotification(waitNotification(n, 2).ntfn, 2)).toThrow(/already waiting/);
  });

  it('polls without blocking, refuses a zero badge, and checks the invariant of each state', () => {
    expect(pollNotification(idleNotification())).toEqual({ ntfn: idleNotification(), received: 0 });
    expect(pollNotification({ state: 'active', queue: [], word: 6 })).toEqual({ ntfn: idleNotification(), received: 6 });
    expect(() => signalNotification(idleNotification(), 0)).toThrow(/code and manual disagree/);
    expect(notificationOk({ state: 'idle', queue: [], word: 1 })).toBe(false);
    expect(notificationOk({ state: 'waiting', queue: [], word: 0 })).toBe(false);
    expect(notificationOk({ state: 'waiting', queue: [1, 1], word: 0 })).toBe(false);
    expect(notificationOk({ state: 'waiting', queue: [1], word: 2 })).toBe(false);
    expect(notificationOk({ state: 'active', queue: [], word: 0 })).toBe(false);
    expect(notificationOk({ state: 'active', queue: [1], word: 1 })).toBe(false);
  });
});
