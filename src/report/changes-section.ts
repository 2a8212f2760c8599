import { escapeHtml } from '../html/escape-html';
import { htmlTable, type TableColumn } from './html-table';

/** "What changed since the last run": text already formatted by the diff (target/diff.json). */
export type ReportChanges = {
  /** e.g. `run 20261202_131800_123 (kept 2026-12-02T13:18:00Z)`. */
  base: string;
  marts: { mart: string; added: string; removed: string; changed: string; columns: string }[];
  kpis: {
    kpi: string;
    base: string;
    current: string;
    delta: string;
    data_effect: string;
    code_effect: string;
    interaction: string;
  }[];
  segments: { dimension: string; segment: string; data_effect: string }[];
};

const text = (field: string, label: string): TableColumn => ({ field, label, kind: 'text' });

/** The report's section on the last diff; nothing when there is none. */
export function changesSection(changes: ReportChanges | undefined): string {
  if (!changes) return '';
  const kpiColumns = [
    text('kpi', 'KPI'),
    text('base', 'Base'),
    text('current', 'Now'),
    text('delta', 'Change'),
    text('data_effect', 'Data effect'),
    text('code_effect', 'Code effect'),
    text('interaction', 'Interaction'),
  ];
  const martColumns = [
    text('mart', 'Mart'),
    text('added', 'Added'),
    text('removed', 'Removed'),
    text('changed', 'Changed'),
    text('columns', 'Changed columns'),
  ];
  const segmentColumns = [
    text('dimension', 'Dimension'),
    text('segment', 'Segment'),
    text('data_effect', 'Data effect'),
  ];
  const table = (columns: TableColumn[], rows: Record<string, unknown>[], id: string) =>
    rows.length ? `<div class="table-wrap">${htmlTable(columns, rows, id)}</div>` : '<p>None.</p>';
  return `<section id="changes"><h2>What changed since the last run</h2><div class="panel">
<p>Compared with ${escapeHtml(changes.base)}.</p>
<h3>KPIs</h3>${table(kpiColumns, changes.kpis, 'changes-kpis')}
<h3>Rows per mart</h3>${table(martColumns, changes.marts, 'changes-marts')}
<h3>Where the data changed revenue most</h3>${table(segmentColumns, changes.segments, 'changes-segments')}
</div></section>`;
}
