/**
 * The registry entry of {@link unixPipe}: its parameters, defaults and the verdicts `npm run check`
 * expects. It lives beside the registry, not in the model, so that models never import the registry.
 */
import { registryEntry } from '../entry.js';
import { BUGS, unixPipe, type PipeConfig } from '../../model/protocols/unixPipe.js';
import { MACHINE_HOLDS } from '../../model/hw/properties/index.js';

const PASSING = {
  ...MACHINE_HOLDS,
  'no message lost': 'holds',
  'write records not interleaved': 'holds',
  'kernel memory bounded': 'holds',
  'deadlock free': 'holds',
  'no thread stuck forever': 'holds',
  'the client blocks': 'witnessed',
  'a message is received': 'witnessed',
} as const;

/**
 * The registry entry: the specification (the four write cases, EPIPE) and card M8's F1–F4.
 *
 * @example
 * unixPipeEntry.make(unixPipeEntry.defaults).name; // 'unixPipe(capacity=2,writes=3,size=1,nonblocking=false,reader=reads,bug=none)'
 */
export const unixPipeEntry = registryEntry({
  id: 'unixPipe',
  module: import.meta.url,
  summary: 'M8 UNIX pipe (Linux, capacity 2 units, PIPE_BUF 1 unit): the four write cases, end of file, EPIPE, on the hardware model; F1-F4 (F4: growth witness)',
  params: {
    capacity: { type: 'int', min: 1, max: 3, doc: "the pipe's capacity in units (one unit = PIPE_BUF bytes)" },
    writes: { type: 'int', min: 1, max: 3, doc: 'writes each writer issues' },
    size: { type: 'int', min: 1, max: 3, doc: 'units per write (above 1 = PIPE_BUF: not atomic)' },
    nonblocking: { type: 'bool', doc: 'O_NONBLOCK on the write end: EAGAIN or a partial write instead of blocking' },
    reader: { type: 'enum', values: ['reads', 'exits'], doc: 'the reader reads to end of file, or closes its read end at once (EPIPE)' },
    bug: { type: 'enum', values: BUGS, doc: 'seeded bug (card M8 F1-F4)' },
  },
  defaults: { capacity: 2, writes: 3, size: 1, nonblocking: false, reader: 'reads', bug: 'none' },
  make: (c) => unixPipe(c as unknown as PipeConfig),
  runs: [
    { label: 'default', set: {}, expect: PASSING },
    { label: 'blocking writes larger than PIPE_BUF', set: { writes: 2, size: 2 }, expect: PASSING },
    { label: 'non-blocking: EAGAIN', set: { nonblocking: true }, expect: { ...PASSING, 'the client blocks': 'unwitnessed' } },
    { label: 'non-blocking, larger than PIPE_BUF: partial writes', set: { nonblocking: true, writes: 2, size: 2 }, expect: { ...PASSING, 'the client blocks': 'unwitnessed' } },
    { label: 'reader exits: EPIPE', set: { reader: 'exits' }, expect: { ...PASSING, 'a message is received': 'unwitnessed' } },
    {
      label: 'F1 bothWriteFirst',
      set: { bug: 'bothWriteFirst' },
      expect: { ...PASSING, 'deadlock free': 'violated', 'no thread stuck forever': 'violated', 'a message is received': 'unwitnessed' },
    },
    { label: 'F2 readerKeepsWriteEnd', set: { bug: 'readerKeepsWriteEnd' }, expect: { ...PASSING, 'deadlock free': 'violated', 'no thread stuck forever': 'violated' } },
    { label: 'F3 interleavedWriters', set: { bug: 'interleavedWriters', writes: 1, size: 3 }, expect: { ...PASSING, 'write records not interleaved': 'violated' } },
    { label: 'F4 unboundedBuffer', set: { bug: 'unboundedBuffer' }, expect: { ...PASSING, 'kernel memory bounded': 'unbounded', 'the client blocks': 'unwitnessed', 'a message is received': 'unwitnessed' } },
  ],
});
