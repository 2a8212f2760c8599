import type { FieldKind } from './field-kind';
import { humanize } from './humanize';

/**
 * The encoding of a time field: 'YYYY-MM' months and ISO dates are parsed as UTC (as `Date.parse`
 * reads them) and bucketed by a UTC time unit, so no time zone shifts a month. `type` is
 * 'temporal' for a continuous axis (lines) or 'ordinal' for one band per month (heatmaps).
 */
export function timeEncoding(field: string, kind: FieldKind, type: 'temporal' | 'ordinal') {
  const month = kind === 'month';
  return {
    field,
    type,
    timeUnit: month ? 'utcyearmonth' : 'utcyearmonthdate',
    title: humanize(field),
    axis: { format: month ? (type === 'ordinal' ? '%b %y' : '%b %Y') : '%b %d, %Y', labelOverlap: true },
  } as const;
}

/** The tooltip entry of a time field. */
export function timeTooltip(field: string, kind: FieldKind) {
  const month = kind === 'month';
  return {
    field,
    type: 'temporal',
    timeUnit: month ? 'utcyearmonth' : 'utcyearmonthdate',
    title: humanize(field),
    format: month ? '%B %Y' : '%b %d, %Y',
  } as const;
}
