/**
 * The building blocks' own invariants, on arbitrary states drawn from their shapes (fast-check):
 * no kernel operation of any protocol model writes the page-table register from user mode or
 * switches components outside the kernel, the scheduler keeps its run queue, endpoints keep
 * l4v's valid_ep, and isolation flags exactly the user accesses that reach a frame the running component does not map.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbitraryOf } from '../../model/core/shape/arbitrary.js';
import type { AnyModel } from '../../model/core/model.js';
import { hwShape, userAccess, writePtbr } from '../../model/hw/cpu.js';
import { mapsFrame, translate } from '../../model/hw/pageTable.js';
import { block, endpointOk, endpointShape, takeHead } from '../../model/kernel/endpoint.js';
import { makeReady, preempt, runQueueOk, scheduleNext, schedulerShape, switchTo } from '../../model/kernel/scheduler.js';
import { isolation } from '../../model/hw/properties/index.js';
import { compose } from '../../model/compose/compose.js';
import { fiasco } from '../../model/designs/fiasco.js';
import { rpcPool } from '../../model/workloads/rpcPool.js';
import { l4 } from '../../model/designs/l4.js';
import { sel4 } from '../../model/designs/sel4.js';
import { serverPool } from '../../model/examples/serverPool.js';

const MACHINE_STEPS = ['privilege', 'kernel-mediated transfer'];

describe('every kernel operation of every protocol model, from arbitrary states of its shape', () => {
  const models: AnyModel[] = [
    compose(sel4(), rpcPool.build(rpcPool.defaults)),
    compose(sel4(), rpcPool.build({ ...rpcPool.defaults, senders: 1 }), { scheduling: 'lazy' }),
    compose(sel4(), rpcPool.build(rpcPool.defaults), { hardware: 'noPageTableSwitch' }),
    compose(l4(), rpcPool.build(rpcPool.defaults)),
    compose(fiasco(), rpcPool.build(rpcPool.defaults)),
    serverPool(),
  ];
  for (const model of models) {
    it(`${model.name}: never writes the page-table register from user mode, never changes component outside the kernel`, () => {
      const props = model.properties.filter((p) => p.kind === 'step' && MACHINE_STEPS.includes(p.name));
      expect(props.map((p) => p.name).sort()).toEqual([...MACHINE_STEPS].sort());
      let checked = 0;
      fc.assert(
        fc.property(arbitraryOf(model.shape), (s) => {
          let acts: readonly unknown[];
          try {
            acts = model.actions(s);
          } catch {
            return; // an inconsistent state the model cannot even read
          }
          for (const a of acts) {
            let t: unknown;
            try {
              t = model.next(s, a as never);
            } catch {
              continue; // the kernel refuses an inconsistent state (an empty queue marked busy)
            }
            checked++;
            for (const p of props) if (p.kind === 'step') expect(p.holds(s, a as never, t), `${p.name} after ${JSON.stringify(a)}`).toBe(true);
          }
        }),
        { numRuns: 400 },
      );
      // The check is not vacuous: arbitrary states do enable actions the kernel carries out.
      expect(checked).toBeGreaterThan(50);
    }, 60_000);
  }
});

describe('the scheduler and the endpoints keep their invariants', () => {
  const T = 4;
  const scheduler = arbitraryOf(schedulerShape(T));
  const runnableSet = fc.array(fc.boolean(), { minLength: T, maxLength: T });

  it('a thread that blocks hands over to a runnable one, and the strict run queue stays valid', () => {
    fc.assert(
      fc.property(scheduler, runnableSet, (s, flags) => {
        const runnable = (t: number) => flags[t - 1];
        fc.pre(s.current !== 0 && runnable(s.current) && runQueueOk(s, T, runnable, false));
        const after = (t: number) => t !== s.current && runnable(t);
        const next = scheduleNext({ current: 0, ready: s.ready }, after);
        expect(runQueueOk(next, T, after, false)).toBe(true);
        expect(next.current === 0 || after(next.current)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('preemption, waking a thread and a direct switch keep the run queue valid', () => {
    fc.assert(
      fc.property(scheduler, runnableSet, fc.integer({ min: 1, max: T }), fc.boolean(), (s, flags, woken, lazy) => {
        const runnable = (t: number) => flags[t - 1];
        fc.pre(s.current !== 0 && runnable(s.current) && runQueueOk(s, T, runnable, lazy));
        expect(runQueueOk(preempt(s, runnable), T, runnable, lazy)).toBe(true);
        const withWoken = (t: number) => runnable(t) || t === woken;
        expect(runQueueOk(makeReady(s, woken), T, withWoken, lazy)).toBe(true);
        // The current thread blocks and switches directly to the thread it woke.
        fc.pre(woken !== s.current);
        const afterSwitch = (t: number) => t !== s.current && withWoken(t);
        expect(runQueueOk(switchTo(makeReady(s, woken), woken, lazy), T, afterSwitch, lazy)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  }, 120_000);

  it('queueing a new thread and taking the head keep an endpoint valid (valid_ep)', () => {
    fc.assert(
      fc.property(arbitraryOf(endpointShape(T)), fc.integer({ min: 1, max: T }), fc.constantFrom<'send' | 'recv'>('send', 'recv'), (ep, t, side) => {
        fc.pre(endpointOk(ep));
        if (ep.queue.length > 0) expect(endpointOk(takeHead(ep).ep)).toBe(true);
        fc.pre((ep.state === 'idle' || ep.state === side) && !ep.queue.includes(t) && ep.queue.length < T);
        expect(endpointOk(block(ep, t, side))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the hardware', () => {
  const cfg = { components: 3, pages: 2, frames: 4 };
  const hw = arbitraryOf(hwShape(cfg));
  const component = fc.integer({ min: 0, max: cfg.components - 1 });

  it('a user-mode write of the page-table register traps and leaves it unchanged', () => {
    fc.assert(
      fc.property(hw, component, (h, c) => {
        fc.pre(h.mode === 'user');
        const after = writePtbr(h, c);
        expect(after.mode).toBe('kernel');
        expect(after.ptbr).toBe(h.ptbr);
      }),
    );
  });

  it('a user access is isolated exactly when the frame it reaches through the page-table register is one the running component maps', () => {
    // Whichever table the register holds (its own, or another's after a missed switch), the access
    // is charged to the running component and checked against that component's own table.
    const prop = isolation((h: ReturnType<typeof writePtbr>) => h);
    fc.assert(
      fc.property(hw, component, fc.integer({ min: 0, max: cfg.pages - 1 }), fc.constantFrom<'read' | 'write'>('read', 'write'), (h, running, page, access) => {
        fc.pre(h.mode === 'user');
        const { hw: after, translation } = userAccess(h, running, page, access);
        expect(translation).toEqual(translate(h.tables[h.ptbr], page, access));
        if ('fault' in translation) {
          expect(after).toMatchObject({ mode: 'kernel', access: null });
          expect(prop.holds(after)).toBe(true);
        } else {
          expect(after.access).toEqual({ component: running, frame: translation.frame });
          expect(prop.holds(after)).toBe(mapsFrame(h.tables[running], translation.frame));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('catches a component reading another one’s frame through a table the kernel did not switch', () => {
    const prop = isolation((h: ReturnType<typeof writePtbr>) => h);
    const own = (frame: number) => [{ frame, write: true }, null];
    // Component 0 maps frame 0, component 1 maps frame 1; the register still holds component 1's table.
    const h = { mode: 'user' as const, ptbr: 1, tables: [own(0), own(1), own(2)], access: null };
    expect(prop.holds(userAccess(h, 1, 0, 'read').hw)).toBe(true);
    expect(prop.holds(userAccess(h, 0, 0, 'read').hw)).toBe(false);
    expect(prop.holds(userAccess({ ...h, ptbr: 0 }, 0, 0, 'read').hw)).toBe(true);
  });
});
