/**
 * Wording helpers for findings: counts with the right plural, shares as percentages, example
 * values quoted so blanks and commas stay visible.
 */
export const findingText = {
  /** `1 row`, `3 rows`, `1 supply`, `2 supplies`. */
  count(n: number, singular: string, plural = pluralOf(singular)): string {
    return `${n.toLocaleString('en-US')} ${n === 1 ? singular : plural}`;
  },
  /** `2.5%`, `<0.1%` for tiny non-zero shares, `>99.9%` for almost all, `100%`. */
  percent(share: number): string {
    if (share > 0 && share < 0.001) return '<0.1%';
    if (share < 1 && share > 0.999) return '>99.9%';
    const value = Math.round(share * 1000) / 10;
    return `${Number.isInteger(value) ? value.toFixed(0) : value.toFixed(1)}%`;
  },
  /** `e.g. 'c1', 'c2'` (empty string when there are none). */
  examples(values: readonly string[] | undefined): string {
    if (!values || values.length === 0) return '';
    return `e.g. ${values.map((v) => `'${v}'`).join(', ')}`;
  },
  /** Verb agreeing with a count: `1 item references`, `2 items reference`. */
  verb(n: number, singular: string, plural: string): string {
    return n === 1 ? singular : plural;
  },
};

function pluralOf(word: string): string {
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  if (/(s|x|ch|sh)$/.test(word)) return `${word}es`;
  return `${word}s`;
}
