/**
 * HTML built from a template whose interpolated values are escaped unless they are HTML already:
 * a model's name, a property's name or a trace's text can hold `<`, `&` or quotes, and must show
 * as text, never as markup.
 */

/**
 * A fragment of HTML that is safe to insert as is: made by {@link html} (or {@link trustedHtml}
 * for a constant such as a style sheet).
 *
 * @example
 * const cell: Html = html`<td>${model.name}</td>`;
 * cell.text; // '<td>naiveLock(threads=2,atomic=false)</td>'
 */
export class Html {
  constructor(
    /** The markup. */
    readonly text: string,
  ) {}
}

/**
 * What a template may interpolate: text (escaped), a number, an {@link Html} fragment (kept), a
 * list of these (concatenated), or nothing (`undefined`, `null` and `false` insert nothing, so
 * that `${cond && html`…`}` reads as an optional part).
 *
 * @example
 * const parts: HtmlValue = [html`<li>a</li>`, 'b & c', 3, undefined];
 */
export type HtmlValue = string | number | Html | undefined | null | false | readonly HtmlValue[];

/**
 * `text` with the five characters that mean something in HTML text or in a quoted attribute
 * replaced by their character references.
 *
 * @example
 * escapeHtml(`'a' < "b" & c`); // '&#39;a&#39; &lt; &quot;b&quot; &amp; c'
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** The markup of one interpolated value. */
function markup(value: HtmlValue): string {
  if (value === undefined || value === null || value === false) return '';
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map(markup).join('');
  return escapeHtml(String(value));
}

/**
 * A template tag: the literal parts are markup, every interpolated value is escaped (see
 * {@link HtmlValue}). Attribute values must be quoted in the template (`href="${path}"`).
 *
 * @example
 * html`<h2 title="${name}">${name}</h2>`.text; // for name 'a<b': '<h2 title="a&lt;b">a&lt;b</h2>'
 */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): Html {
  let text = strings[0];
  values.forEach((v, i) => (text += markup(v) + strings[i + 1]));
  return new Html(text);
}

/**
 * Markup written in the source (a style sheet), inserted without escaping. Never for text that
 * comes from a model or a file.
 *
 * @example
 * html`<style>${trustedHtml(STYLE)}</style>`;
 */
export function trustedHtml(constant: string): Html {
  return new Html(constant);
}
