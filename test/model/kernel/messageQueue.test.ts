import { describe, expect, it } from 'vitest';
import { canEnqueue, dequeueMessage, enqueueMessage } from '../../../model/kernel/messageQueue.js';

describe('messageQueue', () => {
  it('enqueues under the limit, counting one kernel object per message, and dequeues FIFO', () => {
    let s = enqueueMessage([], 0, { sender: 1, value: 0 }, 2);
    s = enqueueMessage(s.queue, s.objects, { sender: 2, value: 1 }, 2);
    expect(s.objects).toBe(2);
    expect(canEnqueue(s.queue, 2)).toBe(false);
    expect(canEnqueue(s.queue, null)).toBe(true);
    expect(canEnqueue(s.queue, 2, true)).toBe(true);
    expect(() => enqueueMessage(s.queue, s.objects, { sender: 1, value: 1 }, 2)).toThrow(/past the limit 2/);
    const d = dequeueMessage(s.queue, s.objects);
    expect(d).toEqual({ msg: { sender: 1, value: 0 }, queue: [{ sender: 2, value: 1 }], objects: 1 });
    expect(enqueueMessage(s.queue, s.objects, { sender: 1, value: 1 }, 2, true).objects).toBe(3);
    expect(() => dequeueMessage([], 0)).toThrow(/empty/);
  });
});
