/**
 * A shared-memory ring between two components (Xen `xen/include/public/io/ring.h`): `N` slots and
 * the producer and consumer indices live in one shared page, mapped through the hardware model's
 * page tables into exactly two components; every other component's table leaves it unmapped. The
 * kernel allocates nothing for it. Indices are free-running (never wrapped in the model: the
 * protocols bound the number of requests), slots are indexed modulo `N`.
 *
 * The notification hints are Xen's: the consumer publishes `consEvent` ("notify me when the
 * producer index passes this", `req_event`) and the producer publishes `prodEvent` ("notify me
 * when the consumer index passes this", here used for room in a full ring). A push or take reports
 * whether the other side must be notified: `old < event ≤ new`, the non-wrapping reading of
 * `PUSH_…_AND_CHECK_NOTIFY`'s `new − event < new − old`.
 */
import { array, int, record, type Infer } from '../core/shape/index.js';
import type { PageTable } from '../hw/pageTable.js';

/**
 * The virtual page at which both sharing components map the ring (page 0 is each one's private page).
 *
 * @example
 * userAccess(hw, 0, RING_PAGE, 'write');
 */
export const RING_PAGE = 1;

/**
 * The shape of a ring of `slots` slots carrying values `0..values-1`, with indices up to `maxIndex`.
 *
 * @example
 * const shape = sharedRingShape(2, 3, 3);
 */
export function sharedRingShape(slots: number, values: number, maxIndex: number) {
  return record({
    slots: array(slots, int(0, Math.max(values - 1, 0))),
    /** Producer index (`req_prod`): requests pushed so far. */
    prod: int(0, maxIndex),
    /** Consumer index (published `req_cons`): requests taken so far. */
    cons: int(0, maxIndex),
    /** `req_event`: the consumer wants a notification when `prod` passes this. */
    consEvent: int(0, maxIndex + 1),
    /** The producer wants a notification when `cons` passes this (room in a full ring). */
    prodEvent: int(0, maxIndex + 1),
  });
}

/**
 * The ring's contents in the shared page.
 *
 * @example
 * const r: SharedRing = initialRing(2);
 */
export type SharedRing = Infer<ReturnType<typeof sharedRingShape>>;

/**
 * An empty ring of `slots` slots, as `SHARED_RING_INIT` leaves it (`req_event = 1`).
 *
 * @example
 * initialRing(2); // { slots: [0, 0], prod: 0, cons: 0, consEvent: 1, prodEvent: 1 }
 */
export function initialRing(slots: number): SharedRing {
  return { slots: Array.from({ length: slots }, () => 0), prod: 0, cons: 0, consEvent: 1, prodEvent: 1 };
}

/**
 * Whether the ring is full (`RING_FULL`): `prod − cons ≥ N`.
 *
 * @example
 * ringFull({ ...initialRing(2), prod: 2 }); // true
 */
export function ringFull(r: SharedRing): boolean {
  return r.prod - r.cons >= r.slots.length;
}

/**
 * Whether unconsumed requests wait in the ring (`RING_HAS_UNCONSUMED_REQUESTS`).
 *
 * @example
 * ringHasUnconsumed({ ...initialRing(2), prod: 1 }); // true
 */
export function ringHasUnconsumed(r: SharedRing): boolean {
  return r.prod > r.cons;
}

/**
 * Writes `value` into slot `prod mod N` and publishes `prod + 1` (`RING_PUSH_REQUESTS_AND_CHECK_NOTIFY`),
 * without checking for room: the caller must check {@link ringFull} (the macros have no flow
 * control). `notify`: the consumer asked to be told (`old < consEvent ≤ new`).
 *
 * @example
 * ringPush(initialRing(2), 0); // { ring: { slots: [0, 0], prod: 1, … }, notify: true }
 */
export function ringPush(r: SharedRing, value: number): { readonly ring: SharedRing; readonly notify: boolean } {
  const slots = r.slots.slice();
  slots[r.prod % slots.length] = value;
  const ring = { ...r, slots, prod: r.prod + 1 };
  return { ring, notify: r.prod < r.consEvent && r.consEvent <= ring.prod };
}

/**
 * Reads slot `cons mod N` and publishes `cons + 1`. `notify`: the producer asked to be told of
 * room (`old < prodEvent ≤ new`). Throws on an empty ring (the consumer never reads past `prod`).
 *
 * @example
 * ringTake(ringPush(initialRing(2), 7).ring).value; // 7
 */
export function ringTake(r: SharedRing): { readonly ring: SharedRing; readonly value: number; readonly notify: boolean } {
  if (!ringHasUnconsumed(r)) throw new Error('ringTake: the ring is empty');
  const ring = { ...r, cons: r.cons + 1 };
  return { ring, value: r.slots[r.cons % r.slots.length], notify: r.cons < r.prodEvent && r.prodEvent <= ring.cons };
}

/**
 * The consumer's re-arm (first half of `RING_FINAL_CHECK_FOR_REQUESTS`): `consEvent = cons + 1`.
 * The caller then checks {@link ringHasUnconsumed} again before sleeping.
 *
 * @example
 * armConsumer(initialRing(2)).consEvent; // 1
 */
export function armConsumer(r: SharedRing): SharedRing {
  return { ...r, consEvent: r.cons + 1 };
}

/**
 * The producer's re-arm before it waits for room: `prodEvent = cons + 1` (notify me at the next
 * take). The caller then checks {@link ringFull} again before sleeping.
 *
 * @example
 * armProducer(initialRing(2)).prodEvent; // 1
 */
export function armProducer(r: SharedRing): SharedRing {
  return { ...r, prodEvent: r.cons + 1 };
}

/**
 * The ring invariant: `0 ≤ prod − cons ≤ N`.
 *
 * @example
 * ringIndicesOk({ ...initialRing(2), prod: 3 }); // false
 */
export function ringIndicesOk(r: SharedRing): boolean {
  const d = r.prod - r.cons;
  return d >= 0 && d <= r.slots.length;
}

/**
 * Page tables for `components` components: component `i` maps its private frame `i` at page 0;
 * the two `sharers` also map the ring frame (`components`) at {@link RING_PAGE}, writable; the
 * others leave that page unmapped.
 *
 * @example
 * sharedRingTables(3, [0, 1])[2]; // [{ frame: 2, write: true }, null]
 */
export function sharedRingTables(components: number, sharers: readonly [number, number]): PageTable[] {
  if (sharers[0] === sharers[1]) throw new RangeError('sharedRingTables: the ring is shared by two different components');
  for (const c of sharers) if (!Number.isSafeInteger(c) || c < 0 || c >= components) throw new RangeError(`sharedRingTables: sharer ${c} is not a component`);
  return Array.from({ length: components }, (_, i) => [{ frame: i, write: true }, sharers.includes(i) ? { frame: ringFrame(components), write: true } : null]);
}

/**
 * The physical frame of the ring page in {@link sharedRingTables}'s layout.
 *
 * @example
 * ringFrame(3); // 3
 */
export function ringFrame(components: number): number {
  return components;
}
