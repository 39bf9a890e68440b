import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.js';
import type { Trace } from '../../checker/trace.js';
import { SEQUENCE_MARK_PREFIX, traceToSequenceSvg, traceToSequenceText, xmlEscape } from '../../counterexamples/msc.js';
import { defineModel, type Model } from '../../model/core/model.js';
import type { SequenceEvent } from '../../model/core/sequence.js';
import { bool, oneOf, record, type Infer } from '../../model/core/shape/index.js';
import { always, sometimes } from '../../properties/index.js';

const shape = record({
  client: oneOf('idle', 'waiting', 'done'),
  server: oneOf('idle', 'serving', 'faulted'),
  mapped: bool(),
});
type CallState = Infer<typeof shape>;
type CallAction = { readonly kind: 'Call' } | { readonly kind: 'Fault' } | { readonly kind: 'Map' } | { readonly kind: 'Reply' };

/**
 * A client calls a server and blocks for the reply; the server faults on the message buffer, its
 * pager maps the page, and the server replies. Three lanes in two groups: the client and its pager
 * in `app`, the server in `daemon`. `never replied` is violated by the one four-step run.
 */
function callReply(callLabel = 'call(7)'): Model<CallState, CallAction> {
  const events = (a: CallAction): readonly SequenceEvent[] => {
    switch (a.kind) {
      case 'Call':
        return [
          { kind: 'mark', lane: 0, label: 'syscall', mark: 'kernel' },
          { kind: 'message', from: 0, to: 2, label: callLabel },
          { kind: 'mark', lane: 0, label: 'wait reply', mark: 'block' },
        ];
      case 'Fault':
        return [
          { kind: 'mark', lane: 2, label: 'page fault', mark: 'fault' },
          { kind: 'message', from: 2, to: 1, label: 'fault(0x40)' },
        ];
      case 'Map':
        return [
          { kind: 'mark', lane: 1, label: 'mapped', mark: 'note' },
          { kind: 'message', from: 1, to: 2, label: 'map' },
        ];
      case 'Reply':
        return [
          { kind: 'message', from: 2, to: 2, label: 'copy' },
          { kind: 'message', from: 2, to: 0, label: 'reply(8)' },
          { kind: 'mark', lane: 0, label: 'woken', mark: 'unblock' },
        ];
    }
  };
  return defineModel<CallState, CallAction>({
    name: 'callReply',
    shape,
    init: () => [{ client: 'idle', server: 'idle', mapped: false }],
    actions: (s) => {
      if (s.client === 'idle') return [{ kind: 'Call' }];
      if (s.server === 'serving') return [s.mapped ? { kind: 'Reply' } : { kind: 'Fault' }];
      if (s.server === 'faulted') return [{ kind: 'Map' }];
      return [];
    },
    next: (s, a) => {
      switch (a.kind) {
        case 'Call':
          return { ...s, client: 'waiting', server: 'serving' };
        case 'Fault':
          return { ...s, server: 'faulted' };
        case 'Map':
          return { ...s, server: 'serving', mapped: true };
        case 'Reply':
          return { ...s, client: 'done', server: 'idle' };
      }
    },
    properties: [always('never replied', (s) => s.client !== 'done'), sometimes('server faults', (s) => s.server === 'faulted')],
    sequence: {
      lanes: [
        { name: 'client', group: 'app' },
        { name: 'pager', group: 'app' },
        { name: 'server', group: 'daemon' },
      ],
      events: (_s, a) => events(a),
    },
  });
}

/** The trace of a property that fails with one, from a real check. */
function traceOf<S, A extends { kind: string }>(model: Model<S, A>, property: string): Trace<S, A> {
  const v = check(model).verdicts[property];
  if (v.status !== 'violated' && v.status !== 'witnessed') throw new Error(`'${property}' is ${v.status}`);
  return v.trace;
}

/** The columns of the lane lines, read from the first row of bare lanes under the names. */
function laneColumns(chart: string): number[] {
  const bars = chart.split('\n').find((l) => /^[ |]+$/.test(l) && l.includes('|'))!;
  return [...bars].flatMap((ch, i) => (ch === '|' ? [i] : []));
}

/** The lines of the block of step `n`: its header and its event rows. */
function stepBlock(chart: string, n: number): string[] {
  const lines = chart.split('\n');
  const start = lines.findIndex((l) => l.slice(2).startsWith(`Step ${n}:`));
  const end = lines.findIndex((l, i) => i > start && !/^[ *] +[|[]/.test(l));
  return lines.slice(start, end);
}

/** Whether every tag opened in `xml` is closed in order (self-closing tags need no partner). */
function balanced(xml: string): boolean {
  const open: string[] = [];
  for (const [, close, name, selfClosing] of xml.matchAll(/<(\/?)([A-Za-z][\w-]*)[^>]*?(\/?)>/g)) {
    if (selfClosing) continue;
    if (!close) open.push(name);
    else if (open.pop() !== name) return false;
  }
  return open.length === 0;
}

/** Occurrences of `needle` in `text`. */
function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

/** The model with its sequence view's events replaced. */
function withEvents(model: Model<CallState, CallAction>, events: (a: CallAction) => readonly SequenceEvent[]): Model<CallState, CallAction> {
  return { ...model, sequence: { lanes: model.sequence!.lanes, events: (_s, a) => events(a) } };
}

describe('text sequence charts', () => {
  const model = callReply();
  const trace = traceOf(model, 'never replied');
  const chart = traceToSequenceText(model, trace, { highlight: "violates 'never replied'" });

  it('the call-and-reply counterexample reads as a chart of four steps, the last one flagged', () => {
    expect(chart).toMatchInlineSnapshot(`
      "      ------ app ------         - daemon -
            client      pager           server
              |           |               |
        Step 1: Call
         [K syscall]      |               |
              |--call(7)--+-------------->|
        [B wait reply]    |               |
        Step 2: Fault
              |           |         [F page fault]
              |           |<-fault(0x40)--|
        Step 3: Map
              |       [N mapped]          |
              |           |------map----->|
      * Step 4: Reply   <-- violates 'never replied'
      *       |           |               |--copy--.
      *       |           |               |<-------'
      *       |<----------+---reply(8)----|
      *   [U woken]       |               |
      Marks: K kernel entry, B blocks, U unblocked, F fault, N note
      "
    `);
  });

  it('has the group names above the lane names, each group over its own lanes', () => {
    const [groups, names] = chart.split('\n');
    const [client, pager, server] = laneColumns(chart);
    for (const [name, column] of [['client', client], ['pager', pager], ['server', server]] as const) {
      expect(names.indexOf(name)).toBeLessThan(column);
      expect(names.indexOf(name) + name.length).toBeGreaterThan(column);
    }
    expect(groups.indexOf('app')).toBeGreaterThan(client);
    expect(groups.indexOf('app')).toBeLessThan(pager);
    expect(groups.indexOf('daemon')).toBeLessThanOrEqual(server);
    expect(groups[Math.floor((pager + server) / 2)]).toBe(' ');
  });

  it('heads each step with its number and the action as formatAction labels it', () => {
    const heads = chart.split('\n').filter((l) => /^. Step \d+: /.test(l));
    expect(heads.map((l) => l.slice(2).split('   <--')[0])).toEqual(['Step 1: Call', 'Step 2: Fault', 'Step 3: Map', 'Step 4: Reply']);
  });

  it('draws a message as an arrow that starts and ends on the lanes of its sender and receiver', () => {
    const [client, pager, server] = laneColumns(chart);
    const call = stepBlock(chart, 1).find((l) => l.includes('call(7)'))!;
    expect(call[client]).toBe('|');
    expect(call.slice(server - 1, server + 1)).toBe('>|');
    expect(call[pager]).toBe('+');
    const fault = stepBlock(chart, 2).find((l) => l.includes('fault(0x40)'))!;
    expect(fault.slice(pager, pager + 2)).toBe('|<');
    expect(fault[server]).toBe('|');
  });

  it("writes a message's label next to its sender, clear of the lanes it crosses", () => {
    const [client, pager, server] = laneColumns(chart);
    const call = stepBlock(chart, 1).find((l) => l.includes('call(7)'))!;
    expect(call.indexOf('call(7)')).toBeGreaterThan(client);
    expect(call.indexOf('call(7)') + 'call(7)'.length).toBeLessThan(pager);
    const reply = stepBlock(chart, 4).find((l) => l.includes('reply(8)'))!;
    expect(reply.indexOf('reply(8)')).toBeGreaterThan(pager);
    expect(reply.slice(client, client + 2)).toBe('|<');
    expect(reply[server]).toBe('|');
  });

  it('draws a message from a lane to itself as a loop out and back', () => {
    const server = laneColumns(chart)[2];
    const block = stepBlock(chart, 4);
    const out = block.findIndex((l) => l.includes('copy'));
    expect(block[out].slice(server)).toBe('|--copy--.');
    expect(block[out + 1].slice(server)).toBe("|<-------'");
  });

  it('writes each mark on its lane with the letter of its kind, and explains the letters used', () => {
    const [client, pager, server] = laneColumns(chart);
    const rows = chart.split('\n');
    const markAt = (text: string) => rows.find((l) => l.includes(text))!.indexOf(text);
    for (const [text, lane] of [['[K syscall]', client], ['[B wait reply]', client], ['[F page fault]', server], ['[N mapped]', pager], ['[U woken]', client]] as const) {
      expect(markAt(text)).toBeLessThan(lane);
      expect(markAt(text) + text.length).toBeGreaterThan(lane);
    }
    expect(SEQUENCE_MARK_PREFIX).toEqual({ kernel: 'K', block: 'B', unblock: 'U', fault: 'F', note: 'N' });
    expect(rows.at(-2)).toBe('Marks: K kernel entry, B blocks, U unblocked, F fault, N note');
  });

  it('never breaks a lane line except under a label or a mark', () => {
    const columns = laneColumns(chart);
    const rows = chart.split('\n').slice(3).filter((l) => /^[ *] +[|[]/.test(l));
    expect(rows).toHaveLength(11); // one per event, two for the loop
    for (const row of rows) for (const c of columns) expect(row[c]).toMatch(/[|+\w[\]()]/);
  });

  it('flags only the last step by default, with the note after its action', () => {
    const flagged = chart.split('\n').filter((l) => l.startsWith('*'));
    expect(flagged[0]).toBe("* Step 4: Reply   <-- violates 'never replied'");
    expect(flagged).toEqual(stepBlock(chart, 4));
    expect(stepBlock(chart, 3).every((l) => l.startsWith(' '))).toBe(true);
  });

  it('flags the step highlightStep names (0-based), or none for null', () => {
    const second = traceToSequenceText(model, trace, { highlightStep: 1, highlight: 'the fault' });
    expect(second.split('\n').filter((l) => l.startsWith('*'))).toEqual(stepBlock(second, 2));
    expect(stepBlock(second, 2)[0]).toBe('* Step 2: Fault   <-- the fault');
    expect(traceToSequenceText(model, trace, { highlightStep: null })).not.toMatch(/^\*/m);
    expect(traceToSequenceText(model, trace)).toContain('* Step 4: Reply\n');
  });

  it('puts the title first, and draws a step without events as one row of bare lanes', () => {
    const quiet = withEvents(model, (a) => (a.kind === 'Map' ? [] : model.sequence!.events(trace.init, a, trace.init)));
    const text = traceToSequenceText(quiet, trace, { title: 'callReply: never replied' });
    expect(text.split('\n')[0]).toBe('callReply: never replied');
    const bareLanes = text.split('\n')[3];
    expect(bareLanes).toMatch(/^[ |]+$/);
    expect(stepBlock(text, 3)).toEqual(['  Step 3: Map', bareLanes]);
  });

  it('widens the gaps between lanes to fit long labels', () => {
    const long = 'a rather long message label';
    const wide = traceToSequenceText(callReply(long), traceOf(callReply(long), 'never replied'));
    const [client, pager] = laneColumns(wide);
    expect(pager - client).toBeGreaterThanOrEqual(long.length + 5);
    expect(wide).toContain(`|--${long}--+`);
  });

  it('is the same text for the same trace', () => {
    expect(traceToSequenceText(callReply(), traceOf(callReply(), 'never replied'), { highlight: "violates 'never replied'" })).toBe(chart);
  });

  it('charts a sometimes witness too', () => {
    const witness = traceOf(model, 'server faults');
    expect(witness.steps).toHaveLength(2);
    expect(traceToSequenceText(model, witness, { highlight: "witnesses 'server faults'" })).toContain("* Step 2: Fault   <-- witnesses 'server faults'");
  });
});

describe('SVG sequence charts', () => {
  const model = callReply();
  const trace = traceOf(model, 'never replied');
  const svg = traceToSequenceSvg(model, trace, { title: 'callReply: never replied', highlight: "violates 'never replied'" });

  it('the call-and-reply counterexample is drawn as a standalone SVG', async () => {
    await expect(svg).toMatchFileSnapshot('./__snapshots__/callReply-msc.svg');
  });

  it('is a well-formed, standalone SVG document', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(balanced(svg)).toBe(true);
    expect(svg).not.toContain('graphviz');
  });

  it('names every lane and every group, and draws one vertical line per lane', () => {
    for (const name of ['client', 'pager', 'server']) expect(svg).toContain(`text-anchor="middle">${name}</text>`);
    for (const group of ['app', 'daemon']) expect(svg).toContain(`font-weight="bold">${group}</text>`);
    expect(count(svg, '<g class="group">')).toBe(2);
    const lanes = [...svg.matchAll(/<line class="lane" x1="([\d.]+)" y1="[\d.]+" x2="([\d.]+)"/g)];
    expect(lanes).toHaveLength(3);
    for (const [, x1, x2] of lanes) expect(x1).toBe(x2);
  });

  it('draws one arrow per message, each ending in the arrowhead marker, and a loop for the self-message', () => {
    const messages = trace.steps.flatMap((st, i) => model.sequence!.events(i === 0 ? trace.init : trace.steps[i - 1].state, st.action, st.state)).filter((e) => e.kind === 'message');
    expect(messages).toHaveLength(5);
    expect(count(svg, 'class="message"')).toBe(5);
    expect(count(svg, '<line class="message"')).toBe(4);
    expect(count(svg, '<path class="message"')).toBe(1);
    expect(count(svg, 'marker-end="url(#msc-arrow)"')).toBe(5);
    expect(svg).toContain('<marker id="msc-arrow"');
  });

  it('draws each mark as a box on its lane, coloured by its kind', () => {
    for (const kind of ['kernel', 'block', 'unblock', 'fault', 'note']) expect(count(svg, `<g class="mark ${kind}">`)).toBe(1);
    expect(svg).toMatch(/<g class="mark fault"><title>fault<\/title><rect [^>]*fill="#f9d0d0"/);
    expect(svg).toMatch(/<g class="mark kernel"><title>kernel<\/title><rect [^>]*fill="#dbe9f7"/);
  });

  it('labels each step at the left and lays the highlighted step on one light red band with its note', () => {
    for (const label of ['1. Call', '2. Fault', '3. Map', '4. Reply']) expect(svg).toContain(`>${label}</text>`);
    expect(count(svg, 'class="highlight"')).toBe(1);
    expect(svg).toMatch(/<rect class="highlight" [^>]*fill="#fdecea"\/>/);
    expect(svg).toContain('fill="#c0392b">violates &apos;never replied&apos;</text>');
    expect(traceToSequenceSvg(model, trace, { highlightStep: null })).not.toContain('class="highlight"');
  });

  it('escapes XML special characters in every label', () => {
    const awkward = callReply('a & <b> "c"');
    const drawn = traceToSequenceSvg(awkward, traceOf(awkward, 'never replied'), { title: '<title>', highlight: "it's & done" });
    expect(drawn).toContain('>a &amp; &lt;b&gt; &quot;c&quot;</text>');
    expect(drawn).toContain('>&lt;title&gt;</text>');
    expect(drawn).toContain('>it&apos;s &amp; done</text>');
    expect(drawn).not.toContain('<b>');
    expect(balanced(drawn)).toBe(true);
    expect(xmlEscape(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
  });

  it('grows with its labels, and is the same text for the same trace', () => {
    const width = (s: string) => Number(/^<svg [^>]*width="(\d+)"/.exec(s)![1]);
    const long = callReply('a rather long message label');
    expect(width(traceToSequenceSvg(long, traceOf(long, 'never replied')))).toBeGreaterThan(width(traceToSequenceSvg(model, trace)));
    expect(traceToSequenceSvg(callReply(), traceOf(callReply(), 'never replied'), { title: 'callReply: never replied', highlight: "violates 'never replied'" })).toBe(svg);
  });
});

describe('sequence chart errors', () => {
  const model = callReply();
  const trace = traceOf(model, 'never replied');

  it('refuses a model without a sequence view, naming it', () => {
    const plain: Model<CallState, CallAction> = { ...model, sequence: undefined };
    expect(() => traceToSequenceText(plain, trace)).toThrow('model callReply has no sequence view');
    expect(() => traceToSequenceSvg(plain, trace)).toThrow('model callReply has no sequence view');
  });

  it('refuses an event on a lane the view does not have, naming the step and the index', () => {
    const stray = withEvents(model, (a) => (a.kind === 'Map' ? [{ kind: 'message', from: 1, to: 3, label: 'map' }] : []));
    expect(() => traceToSequenceText(stray, trace)).toThrow('step 3 (Map) names lane 3, but model callReply has lanes 0..2');
    expect(() => traceToSequenceSvg(stray, trace)).toThrow('step 3 (Map) names lane 3');
    const negative = withEvents(model, (a) => (a.kind === 'Call' ? [{ kind: 'mark', lane: -1, label: 'x', mark: 'note' }] : []));
    expect(() => traceToSequenceText(negative, trace)).toThrow('step 1 (Call) names lane -1');
  });
});
