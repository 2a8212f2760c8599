/** How a measure is shown: dollars, a fraction shown as a percentage, or a plain number. */
export type ValueFormat = 'money' | 'percent' | 'number';

/** d3-format strings for one measure: `axis` for ticks and legends, `tooltip` and `label` for values. */
export type FormatStrings = { axis: string; tooltip: string; label: string };

const formats: Record<ValueFormat, FormatStrings> = {
  money: { axis: '$,.0f', tooltip: '$,.2f', label: '$,.0f' },
  percent: { axis: '.1%', tooltip: '.1%', label: '.1%' },
  number: { axis: ',', tooltip: ',', label: ',' },
};

/** The d3-format strings for `format` (default 'number'). */
export function valueFormat(format: ValueFormat = 'number'): FormatStrings {
  return formats[format];
}
