import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.js';
import { traceToDot } from '../../counterexamples/dot.js';
import { renderSvg } from '../../counterexamples/render.js';
import { dieHard } from '../../model/classic/dieHard.js';
import { awkwardLabels } from './fixtures.js';

describe('SVG rendering', () => {
  it("dieHard's DOT renders to an SVG document that shows every action label", async () => {
    const model = dieHard();
    const pr = check(model).properties.find((p) => p.name === 'big jug never holds 4')!;
    const svg = await renderSvg(traceToDot(model, pr));
    expect(svg.trimStart().startsWith('<?xml') || svg.trimStart().startsWith('<svg')).toBe(true);
    expect(svg).toContain('<svg');
    for (const label of ['1. FillBig', '2. BigToSmall', '3. EmptySmall', '6. BigToSmall']) expect(svg).toContain(`>${label}</text>`);
    expect(svg).toContain('violates &#39;big jug never holds 4&#39;');
  });

  it('escaped labels come out as the original text', async () => {
    const model = awkwardLabels();
    const svg = await renderSvg(traceToDot(model, check(model).properties[0]));
    expect(svg).toContain('>1. Say(what=a &amp; &lt;b&gt;)</text>');
    expect(svg).toContain('said = &quot;say \\&quot;hi\\&quot;&quot;');
  });

  it('an empty source is refused rather than read from standard input', async () => {
    await expect(renderSvg('  \n')).rejects.toThrow('renderSvg: the DOT source is empty');
  });

  it('a syntax error is reported as an error naming Graphviz', async () => {
    await expect(renderSvg('digraph { a -> }')).rejects.toThrow(/^renderSvg: Graphviz could not render the graph: .*syntax error/);
  });
});
