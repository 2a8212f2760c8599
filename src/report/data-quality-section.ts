import { escapeHtml } from '../html/escape-html';
import { formatValue } from './format-value';
import type { ReportTest } from './report-input';

/**
 * The "Data quality" section: every test of severity warn that found rows, with its count and its
 * first row, so a reader sees the caveats that came with the numbers. Failed tests are listed under
 * "Data tests" (a failure stops the run before the KPIs, so a report rarely has one).
 */
export function dataQualitySection(tests: readonly ReportTest[]): string {
  const warned = tests.filter((test) => test.status === 'warn');
  const body =
    warned.length === 0
      ? '<p class="all-good">No data-quality warnings: every check of severity warn passed.</p>'
      : `<p>The KPIs were computed; these checks of the source data found rows worth knowing about.</p>
<div class="table-wrap"><table data-table="data-quality"><thead><tr><th>Test</th><th>Severity</th><th class="num">Rows</th><th>Sample row</th></tr></thead>
<tbody>${warned.map(warningRow).join('')}</tbody></table></div>`;
  return `<section id="data-quality"><h2>Data quality</h2><div class="panel">\n${body}\n</div></section>`;
}

function warningRow(test: ReportTest): string {
  const count = test.failures === undefined ? '' : formatValue(test.failures, 'integer');
  return (
    `<tr data-test="${escapeHtml(test.name)}"><td><code>${escapeHtml(test.name)}</code></td>` +
    `<td>${escapeHtml(test.severity ?? 'warn')}</td><td class="num">${escapeHtml(count)}</td>` +
    `<td class="sample">${sampleHtml(test.sample)}</td></tr>`
  );
}

/** `column: value` pairs, escaped; long values are cut so one row stays readable. */
function sampleHtml(sample: Record<string, unknown> | undefined): string {
  if (!sample) return '';
  return Object.entries(sample)
    .map(([column, value]) => {
      const text =
        value === null ? 'null' : typeof value === 'object' ? JSON.stringify(value) : String(value);
      const shown = text.length > 60 ? `${text.slice(0, 57)}…` : text;
      return `<span class="field"><b>${escapeHtml(column)}</b> ${escapeHtml(shown)}</span>`;
    })
    .join(' ');
}
