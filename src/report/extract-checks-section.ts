import { escapeHtml } from '../html/escape-html';
import { formatValue } from './format-value';

/** One source table's freshness (dbt's statuses). */
export type ReportFreshness = {
  source: string;
  status: 'pass' | 'warn' | 'error' | 'runtime error';
  /** The newest loaded_at_field value, ISO 8601 (null when the table has none). */
  newest: string | null;
  /** The reference time it was compared with, ISO 8601. */
  at: string;
  error?: string;
};

/** A volume drop against the history: a missing store-day or a partial file. */
export type ReportVolumeWarning = {
  table: string;
  store: string | null;
  day: string | null;
  rows: number;
  usual: number;
  message: string;
};

/** What the run checked of the extract right after loading it. */
export type ReportExtractChecks = {
  freshness: ReportFreshness[];
  volumeWarnings: ReportVolumeWarning[];
  /** Counts compared with a band, and counts without enough history. */
  volumeJudged: number;
  volumeNotJudged: number;
  /** Why a check could not run, when it could not. */
  errors?: string[];
};

const MAX_ROWS = 50;

/** The "Extract checks" section: source freshness and volume drops against the run history. */
export function extractChecksSection(checks: ReportExtractChecks | undefined): string {
  if (!checks) return '';
  const freshness =
    checks.freshness.length === 0
      ? '<p>No source declares a freshness.</p>'
      : `<div class="table-wrap"><table data-table="freshness"><thead><tr><th>Source</th><th>Status</th><th>Newest row</th><th>Compared with</th></tr></thead>
<tbody>${checks.freshness.map(freshnessRow).join('')}</tbody></table></div>`;
  const shown = checks.volumeWarnings.slice(0, MAX_ROWS);
  const more = checks.volumeWarnings.length - shown.length;
  const volume =
    checks.volumeWarnings.length === 0
      ? `<p class="all-good">No volume drop: ${escapeHtml(formatValue(checks.volumeJudged, 'integer'))} counts within their band (${escapeHtml(formatValue(checks.volumeNotJudged, 'integer'))} without enough history to judge).</p>`
      : `<div class="table-wrap"><table data-table="volume"><thead><tr><th>Table</th><th>Store</th><th>Day</th><th class="num">Rows</th><th class="num">Usual</th><th>Warning</th></tr></thead>
<tbody>${shown.map(volumeRow).join('')}</tbody></table></div>${more > 0 ? `<p>… and ${more} more (etl_meta.volume_warnings).</p>` : ''}`;
  const errors = (checks.errors ?? []).map((error) => `<p class="error">${escapeHtml(error)}</p>`).join('');
  return `<section id="extract-checks"><h2>Extract checks</h2><div class="panel">
<h3>Freshness</h3>${freshness}
<h3>Volume against previous runs</h3>${volume}${errors}
</div></section>`;
}

function freshnessRow(row: ReportFreshness): string {
  return (
    `<tr data-source="${escapeHtml(row.source)}" data-status="${escapeHtml(row.status)}"><td><code>${escapeHtml(row.source)}</code></td>` +
    `<td>${escapeHtml(row.status)}</td><td>${escapeHtml(row.newest ?? row.error ?? 'no rows')}</td><td>${escapeHtml(row.at)}</td></tr>`
  );
}

function volumeRow(row: ReportVolumeWarning): string {
  return (
    `<tr data-table="${escapeHtml(row.table)}" data-day="${escapeHtml(row.day ?? '')}"><td><code>${escapeHtml(row.table)}</code></td>` +
    `<td>${escapeHtml(row.store ?? 'all')}</td><td>${escapeHtml(row.day ?? '')}</td>` +
    `<td class="num">${escapeHtml(formatValue(row.rows, 'integer'))}</td><td class="num">${escapeHtml(formatValue(row.usual, 'integer'))}</td>` +
    `<td>${escapeHtml(row.message)}</td></tr>`
  );
}
