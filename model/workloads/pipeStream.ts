/**
 * Workload: a byte stream through a pipe (card M8's scenario). `writers` writers each write
 * `writes` records of `size` units (writer i's units carry the value i) into a channel of
 * `capacity` units and exit; the reader reads every record, checking it, and with `eof` reads
 * once more for end of file (a pipe notion: elsewhere that read waits for ever, so it is off by
 * default). A unit stands for PIPE_BUF bytes; records above one unit are the pipe design's native
 * write of several units (native because writes above PIPE_BUF are a byte-stream notion no
 * message-based design has); one-unit records are plain sends.
 *
 * Properties beyond the framework's: 'no message lost or duplicated' (each record starts with a
 * writer's unit and end of file follows the last; one writer's units are alike, so their order
 * is not observed; not 'no message lost', which Xen's and UMP's designs name), 'write records not
 * interleaved' (a record holds one writer's units), the witnesses 'a message is received' and
 * 'the client blocks' (a writer blocks); the stuck property keeps the monolithic model's name.
 *
 * Variants: `size` above 1 (blocking writes sleep part-way, non-blocking ones write part);
 * `writers=2` with `size` above 1 is F3 (records interleave); `reader=exits` closes the read end
 * at once (EPIPE); `reader=never` never gets the processor (no preemption; the writer computes
 * for ever after its writes: F4's reader); `bothWriteFirst` is F1: two processes each write into
 * one channel before reading the other, a deadlock once one writes more than the capacity.
 */
import { add, forever, ifReceived, native, receive, repeat, send, set, touch, type ProgramStep } from './program.js';
import { defineWorkload } from './workload.js';

/**
 * The workload.
 *
 * @example
 * const f3 = compose(pipe(), pipeStream.build({ ...pipeStream.defaults, writers: 2, writes: 1, size: 3 }));
 */
export const pipeStream = defineWorkload({
  id: 'pipeStream',
  title: 'writers streaming records through a pipe to a reader that reads to end of file',
  params: {
    writers: { type: 'int', min: 1, max: 2, doc: 'writer threads (2 with size > 1: F3)' },
    writes: { type: 'int', min: 1, max: 10, doc: 'records each writer writes' },
    size: { type: 'int', min: 1, max: 4, doc: 'units per record; above 1 (PIPE_BUF) a native pipe write' },
    capacity: { type: 'int', min: 1, max: 3, doc: 'units the channel holds' },
    reader: { type: 'enum', values: ['reads', 'exits', 'never'], doc: 'reads to end of file, exits at once (EPIPE), or never runs (F4)' },
    bothWriteFirst: { type: 'bool', doc: 'F1: two processes, each writes into its channel before reading the other' },
    eof: { type: 'bool', doc: 'the reader reads once more for end of file' },
  },
  defaults: { writers: 1, writes: 3, size: 1, capacity: 2, reader: 'reads', bothWriteFirst: false, eof: false },
  build: (c) => {
    const { writers, writes, size, capacity, reader, bothWriteFirst, eof } = c as { writers: number; writes: number; size: number; capacity: number; reader: string; bothWriteFirst: boolean; eof: boolean };
    const chans = bothWriteFirst ? ['a', 'b'] : ['pipe'];
    const units = (ch: string) => ({ kind: 'write', obj: chans.indexOf(ch), units: size });
    const put = (ch: string): ProgramStep => (size === 1 ? send(ch) : native(`write ${ch} ${size} units`, { pipe: units(ch) }));
    /** Reads one record: its first unit names one of `from`, the others must be that writer's. */
    const record = (ch: string, from: readonly number[]): ProgramStep[] => [receive(ch), ...from.reduceRight<ProgramStep[]>((no, i) => [ifReceived(i, size > 1 ? [repeat(size - 1, receive(ch), ifReceived(i, [], [add('mixed')]))] : [], no)], [add('lost')])];
    const writer = (i: number, ch: string) => [repeat(writes, set(i), put(ch))];
    const ids = Array.from({ length: writers }, (_, i) => i + 1);
    const readAll = [repeat(writers * writes, ...record('pipe', ids)), ...(eof ? [receive('pipe'), ifReceived(0, [], [add('lost')])] : [])];
    const threads = bothWriteFirst
      ? [1, 2].map((i) => ({ name: `process ${i}`, space: `P${i}`, program: [...writer(i, chans[i - 1]), repeat(writes, ...record(chans[2 - i], [3 - i]))] }))
      : [
          ...ids.map((i) => ({ name: `writer ${i}`, space: `W${i}`, program: [...writer(i, 'pipe'), ...(reader === 'never' ? [forever(touch(0))] : [])] })),
          // A reader that exits holds the read end until then: its read sits in a branch never taken.
          { name: 'reader', space: 'R', program: reader === 'exits' ? [ifReceived(1, [receive('pipe')])] : readAll },
        ];
    const own = (n: string) => (n.startsWith('process') ? Number(n.slice(-1)) : 0);
    return {
      name: `pipeStream(writers=${writers},writes=${writes},size=${size},capacity=${capacity},reader=${reader}${bothWriteFirst ? ',bothWriteFirst' : ''}${eof ? ',eof' : ''})`,
      threads,
      objects: chans.map((name) => ({ name, kind: 'channel' as const, capacity })),
      values: 3,
      memoryBound: capacity * chans.length,
      preemption: reader !== 'never',
      shared: ['lost', 'mixed'].map((name) => ({ name, max: writers * writes * size + 2 })),
      invariants: [
        { name: 'no message lost or duplicated', holds: (v, s) => v.shared(s, 'lost') === 0 },
        { name: 'write records not interleaved', holds: (v, s) => v.shared(s, 'mixed') === 0 },
      ],
      stuckName: 'no thread stuck forever',
      witness: { name: 'a message is received', holds: (v, s) => threads.some((t) => !t.name.startsWith('writer') && ![0, own(t.name)].includes(v.received(s, t.name))) },
      witnesses: [{ name: 'the client blocks', holds: (v, s) => threads.some((t) => t.name !== 'reader' && v.blocked(s, t.name)) }],
    };
  },
});
