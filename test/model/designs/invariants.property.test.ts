/**
 * Every design keeps its own invariants on arbitrary small workloads (fast-check): random
 * programs of 2 to 4 threads over services, channels and events, composed with each design and
 * checked under a state cap, never violate a property the design names in `invariants(frame)`
 * and never raise a model error. Append a design to DESIGNS to hold it to the same claim.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check } from '../../../checker/index.js';
import { compose, inexpressible } from '../../../model/compose/compose.js';
import type { AnyDesign, Frame, ObjectKind } from '../../../model/designs/design.js';
import { sel4 } from '../../../model/designs/sel4.js';
import { sel4Mcs } from '../../../model/designs/sel4Mcs.js';
import { l4 } from '../../../model/designs/l4.js';
import { mach } from '../../../model/designs/mach.js';
import { pipe } from '../../../model/designs/pipe.js';
import { fiasco } from '../../../model/designs/fiasco.js';
import { l4Long } from '../../../model/designs/l4Long.js';
import { xen } from '../../../model/designs/xen.js';
import { ump } from '../../../model/designs/ump.js';
import { composite } from '../../../model/designs/composite.js';
import { k42 } from '../../../model/designs/k42.js';
import { singularity } from '../../../model/designs/singularity.js';
import { answer, choose, forever, isUserOperation, prepare, receive, repeat, reply, replyServe, rpc, send, serve, signal, wait, type ProgramStep } from '../../../model/workloads/program.js';
import type { WorkloadSpec } from '../../../model/workloads/workload.js';

/** The designs under test, by name; each entry builds a fresh design. */
const DESIGNS: readonly (readonly [string, () => AnyDesign])[] = [
  ['seL4', () => sel4()],
  ['seL4-MCS', () => sel4Mcs()],
  ['L4', () => l4()],
  ['Mach', () => mach()],
  ['pipe', () => pipe()],
  ['Fiasco', () => fiasco()],
  ['L4-long', () => l4Long()],
  ['Xen', () => xen()],
  ['UMP', () => ump()],
  ['Composite', () => composite()],
  ['K42', () => k42()],
  ['Singularity', () => singularity()],
];

/** States per check: each run stays small. */
const MAX_STATES = 4_000;
/** A fixed seed: the runs do not depend on the clock. */
const SEED = 20_240_611;

const OBJECTS: readonly { readonly name: string; readonly kind: ObjectKind }[] = [
  { name: 'svc', kind: 'service' },
  { name: 'svc2', kind: 'service' },
  { name: 'ch', kind: 'channel' },
  { name: 'ev', kind: 'event' },
];
const named = (kind: ObjectKind) => fc.constantFrom(...OBJECTS.filter((o) => o.kind === kind).map((o) => o.name));

/** The operations, each on an object of the kind it is meant for. */
const OPERATIONS: readonly fc.Arbitrary<ProgramStep>[] = [
  named('service').map(rpc),
  named('service').map(serve),
  fc.constant(reply()),
  named('service').map(replyServe),
  fc.oneof(named('channel'), named('service')).map(send),
  fc.oneof(named('channel'), named('service')).map(receive),
  named('event').map(signal),
  named('event').map(wait),
  fc.constant(prepare()),
  fc.constant(answer()),
];

/** A frame to ask a design which operations it expresses at all. */
const PROBE: Frame = {
  threads: 2,
  values: 1,
  slots: 0,
  pages: 1,
  objects: OBJECTS.map((o) => ({ ...o, servers: [2], senders: [1] })),
  threadNames: ['t1', 't2'],
};

/** Random workloads made of the operations `design` expresses (the others would only be n/a). */
function workloadFor(design: AnyDesign): fc.Arbitrary<WorkloadSpec> {
  const sample = (a: fc.Arbitrary<ProgramStep>) => fc.sample(a, { numRuns: 8, seed: SEED });
  const expressed = OPERATIONS.filter((a) => sample(a).every((st) => !('op' in st) || isUserOperation(st) || design.operation(st, 1, PROBE) !== undefined));
  const operation = fc.oneof(...expressed);
  const stepAt = (depth: number): fc.Arbitrary<ProgramStep> => {
    if (depth === 0) return operation;
    const body = fc.array(stepAt(depth - 1), { minLength: 1, maxLength: 2 });
    return fc.oneof(
      { arbitrary: operation, weight: 4 },
      { arbitrary: fc.tuple(fc.integer({ min: 1, max: 2 }), body).map(([n, b]) => repeat(n, ...b)), weight: 1 },
      { arbitrary: body.map((b) => forever(...b)), weight: 1 },
      { arbitrary: fc.tuple(body, body).map(([a, b]) => choose(a, b)), weight: 1 },
    );
  };
  const program = fc.array(stepAt(2), { minLength: 1, maxLength: 3 });
  return fc
    .record({ programs: fc.array(program, { minLength: 2, maxLength: 4 }), values: fc.integer({ min: 1, max: 2 }) })
    .map(({ programs, values }) => ({
      name: 'random',
      threads: programs.map((p, i) => ({ name: `t${i + 1}`, space: `S${i + 1}`, program: p })),
      objects: OBJECTS,
      values,
      witness: { name: 'something is replied', holds: (v, s) => v.replied(s) },
    }));
}

/** The frame the design is built for (the invariants' names do not depend on who serves what). */
const frameOf = (spec: WorkloadSpec): Frame => ({
  threads: spec.threads.length,
  values: spec.values,
  slots: spec.slots ?? 0,
  pages: spec.pages ?? 1,
  objects: spec.objects.map((o) => ({ ...o, servers: [] as number[], senders: [] as number[] })),
  threadNames: spec.threads.map((t) => t.name),
});

describe('every design keeps its own invariants on random small workloads', () => {
  for (const [name, make] of DESIGNS) {
    it(`${name}: no invariant of the design is violated and no model error is raised`, () => {
      let checked = 0;
      let complete = 0;
      fc.assert(
        fc.property(workloadFor(make()), (spec) => {
          const design = make();
          if (inexpressible(design, spec).length > 0) return; // the design cannot run this workload
          const model = compose(design, spec);
          const result = check(model, { maxStates: MAX_STATES });
          expect(result.modelError?.message).toBeUndefined();
          const names = design.invariants(frameOf(spec)).map((p) => p.name);
          expect(names.length).toBeGreaterThan(0);
          for (const n of names) {
            const status = result.verdicts[n]?.status;
            // Under the cap a property not violated in the states explored is 'unknown'.
            expect(`${n}: ${status}`).toBe(`${n}: ${result.complete ? 'holds' : status === 'unknown' ? 'unknown' : 'holds'}`);
          }
          checked++;
          if (result.complete) complete++;
        }),
        { numRuns: 40, seed: SEED },
      );
      // Not vacuous: the design ran a fair share of the 40 workloads (L4 cannot call a service nobody serves; a UMP
      // ring has one reader, so a service with several servers is n/a), and some checks were complete.
      expect(checked).toBeGreaterThanOrEqual(8);
      expect(complete).toBeGreaterThanOrEqual(4);
    }, 120_000);
  }
});
