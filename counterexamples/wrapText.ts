/**
 * Breaking text into lines at spaces, for DOT labels and the text report's paragraphs.
 */

/**
 * Breaks `text` into lines of at most `width` characters at spaces (a longer word stays whole).
 *
 * @example
 * wrapText('taking FillBig from here fails', 12); // 'taking\nFillBig from\nhere fails'
 */
export function wrapText(text: string, width: number): string {
  return text
    .split('\n')
    .map((line) => {
      const out: string[] = [];
      let cur = '';
      for (const word of line.split(' ')) {
        if (cur !== '' && cur.length + 1 + word.length > width) {
          out.push(cur);
          cur = word;
        } else {
          cur = cur === '' ? word : `${cur} ${word}`;
        }
      }
      out.push(cur);
      return out.join('\n');
    })
    .join('\n');
}
