import { escapeHtml } from '../html/escape-html';
import { selfContainedPage } from '../html/self-contained-page';
import { changesSection } from './changes-section';
import { dataQualitySection } from './data-quality-section';
import { extractChecksSection } from './extract-checks-section';
import { generatedAt } from './generated-at';
import { htmlTable, type TableColumn } from './html-table';
import { kpiSummary } from './kpi-summary';
import { kpiTables } from './kpi-tables';
import { type KpiTile, kpiTiles } from './kpi-tiles';
import { readKpis } from './read-kpis';
import { type ReportChart, reportCharts } from './report-charts';
import type { ReportInput, ReportLoad } from './report-input';
import { reportPeriod } from './report-period';
import { reportStyles } from './report-styles';
import { testSummary } from './test-summary';

const loadColumns: TableColumn[] = [
  { field: 'table', label: 'Table', kind: 'text' },
  { field: 'rows', label: 'Rows', kind: 'integer' },
  { field: 'seconds', label: 'Seconds', kind: 'seconds' },
  { field: 'status', label: 'Status', kind: 'text' },
];

/**
 * The report as one self-contained HTML page: inline CSS, charts as inline SVG rendered on the
 * server, no script and nothing fetched. Every piece of text from the input is escaped.
 */
export async function renderReport(input: ReportInput): Promise<string> {
  const data = readKpis(input.kpis);
  const period = reportPeriod(data.revenueByStoreMonth);
  const charts = input.charts ?? (await reportCharts(data));
  const meta = [
    period === undefined ? undefined : `Data: ${period}`,
    `Generated ${generatedAt(input.generatedAt)}`,
  ].filter((part) => part !== undefined);
  return selfContainedPage({
    title: input.title,
    styles: reportStyles,
    body: `<header>
<h1>${escapeHtml(input.title)}</h1>
<p class="meta">${meta.map((part) => `<span>${escapeHtml(part)}</span>`).join('')}</p>
</header>
<main>
<section id="kpis" aria-label="Key figures"><div class="tiles">
${kpiTiles(data).map(tileHtml).join('\n')}
</div></section>
<section id="charts"><h2>Charts</h2><div class="charts">
${charts.map(figureHtml).join('\n')}
</div></section>
<section id="tables"><h2>KPI tables</h2><div class="panel">
${kpiTables(data, kpiSummary(data))}
</div></section>
${dataQualitySection(input.tests)}
${extractChecksSection(input.extractChecks)}
<section id="tests"><h2>Data tests</h2><div class="panel">
${testSummary(input.tests)}
</div></section>
${loadsHtml(input.loads)}
${changesSection(input.changes)}
</main>
<footer>Self-contained report: no scripts, nothing loaded from the network. Amounts in US dollars.</footer>`,
  });
}

function tileHtml(tile: KpiTile): string {
  return `<div class="tile" data-kpi="${escapeHtml(tile.id)}"><div class="label">${escapeHtml(tile.label)}</div><div class="value">${escapeHtml(tile.value)}</div><div class="detail">${escapeHtml(tile.detail)}</div></div>`;
}

function figureHtml(chart: ReportChart): string {
  return `<figure class="${chart.wide ? 'wide' : 'half'}" data-chart="${escapeHtml(chart.id)}">${chart.svg}</figure>`;
}

function loadsHtml(loads: readonly ReportLoad[] | undefined): string {
  if (loads === undefined || loads.length === 0) return '';
  return `<section id="loads"><h2>Loads</h2><div class="panel"><div class="table-wrap">${htmlTable(loadColumns, loads, 'loads')}</div></div></section>`;
}
