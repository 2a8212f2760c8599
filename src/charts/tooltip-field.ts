import { humanize } from './humanize';

/** A tooltip entry for `field`: its title and, for measures, a d3 format. */
export function tooltipField(field: string, type: 'nominal' | 'quantitative', format?: string) {
  return format === undefined
    ? { field, type, title: humanize(field) }
    : { field, type, title: humanize(field), format };
}
