/**
 * Workload: a primitive PPC whose handler calls back into the caller (card M13 F2). S1's main
 * thread disables its dispatcher and calls S2 (a PPC made while disabled is a primitive PPC, as
 * K42 makes one for fork or for `err_printf` while disabled), then enables and joins S1's pool.
 * S2's handler calls back into S1 (request 1) before it answers S1's request 0 (every answer
 * echoes its request). S1 is held by the kernel while its primitive PPC is out, so the callback
 * is refused with `EAGAIN` and waits for S1 to yield, which S1 cannot do before S2 answers.
 *
 * Disabling and enabling are K42's own (native) calls: no other design expresses the workload (at
 * its default; the control run has none).
 *
 * Properties beyond the framework's: the witness 'a call completes'.
 *
 * Variants: `callback: false`, S2 answers without calling back; `disabled: false`, the control:
 * S1 main makes an ordinary PPC (no Disable and Enable), so the call back finds S1 enabled and is
 * served by S1's pool thread, and nothing deadlocks: what F2 shows is the disabled flag.
 */
import { answer, forever, native, reply, rpc, serve, set, type ProgramStep } from './program.js';
import { defineWorkload } from './workload.js';

/** K42's disable and enable of the calling thread's dispatcher. */
const DISABLE = native('Disable', { K42: { kind: 'Disable' } });
const ENABLE = native('Enable', { K42: { kind: 'Enable' } });

/**
 * The workload.
 *
 * @example
 * const m = compose(k42(), primitiveCallback.build({ callback: true }));
 */
export const primitiveCallback = defineWorkload({
  id: 'primitiveCallback',
  title: 'a call made while disabled (a primitive PPC) whose handler calls back into the caller (M13 F2)',
  params: {
    callback: { type: 'bool', doc: "S2's handler calls back into S1 before it answers" },
    disabled: { type: 'bool', doc: "S1 main disables its dispatcher around its call (a primitive PPC); false: an ordinary PPC (the control)" },
  },
  defaults: { callback: true, disabled: true },
  build: (c) => {
    const callback = c.callback !== false;
    const disabled = c.disabled !== false;
    const pool: ProgramStep = forever(serve('s1'), answer(), reply());
    return {
      name: `primitiveCallback(callback=${callback}${disabled ? '' : ',disabled=false'})`,
      threads: [
        { name: 'S1 main', space: 'S1', program: disabled ? [DISABLE, set(0), rpc('s2'), ENABLE, pool] : [set(0), rpc('s2'), pool], watch: true },
        { name: 'S1 pool', space: 'S1', program: [pool] },
        { name: 'S2 thread', space: 'S2', program: [forever(serve('s2'), ...(callback ? [set(1), rpc('s1'), set(0)] : [answer()]), reply())] },
      ],
      objects: [
        { name: 's1', kind: 'service' },
        { name: 's2', kind: 'service' },
      ],
      values: 2,
      witness: { name: 'a call completes', holds: (v, s) => v.replied(s) },
    };
  },
});
