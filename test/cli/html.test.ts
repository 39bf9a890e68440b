/**
 * The report's HTML template escapes what it interpolates, keeps what is HTML already, and
 * inserts nothing for an absent part.
 */
import { describe, expect, it } from 'vitest';
import { escapeHtml, html, trustedHtml } from '../../cli/html.js';

describe('html', () => {
  it('escapes the five characters that mean something in text or a quoted attribute', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(escapeHtml('plain text, 1 ≤ 2')).toBe('plain text, 1 ≤ 2');
  });

  it('escapes interpolated text, in an element and in an attribute, but not the template', () => {
    const name = `x"><script>alert(1)</script>`;
    expect(html`<p title="${name}">${name}</p>`.text).toBe('<p title="x&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">x&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</p>');
  });

  it('keeps fragments and trusted constants, joins lists, and inserts nothing for undefined, null and false', () => {
    const items = ['a&b', 'c'].map((t) => html`<li>${t}</li>`);
    expect(html`<ul>${items}</ul>${undefined}${null}${false}${0}`.text).toBe('<ul><li>a&amp;b</li><li>c</li></ul>0');
    expect(html`<style>${trustedHtml('a > b { color: red }')}</style>`.text).toBe('<style>a > b { color: red }</style>');
  });
});
