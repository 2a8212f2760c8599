import { escapeHtml } from '../html/escape-html';
import { formatValue } from './format-value';
import type { ReportTest, ReportTestStatus } from './report-input';

const order: readonly ReportTestStatus[] = ['fail', 'error', 'warn', 'skipped', 'pass'];
const labels: Record<ReportTestStatus, string> = {
  pass: 'passed',
  fail: 'failed',
  warn: 'warned',
  error: 'errored',
  skipped: 'skipped',
};

/**
 * The data tests as HTML: a count per status, then every test that did not pass (failures
 * first, with the number of rows found), then the passing ones folded away.
 */
export function testSummary(tests: readonly ReportTest[]): string {
  if (tests.length === 0) return '<p class="missing">No data tests were run.</p>';
  const counts = order
    .filter((status) => status !== 'error' || tests.some((test) => test.status === 'error'))
    .filter((status) => status !== 'skipped' || tests.some((test) => test.status === 'skipped'))
    .map((status) => {
      const count = tests.filter((test) => test.status === status).length;
      return `<span class="chip status-${status}" data-status="${status}"><b>${count}</b> ${labels[status]}</span>`;
    })
    .join('');
  const sorted = [...tests].sort((a, b) => order.indexOf(a.status) - order.indexOf(b.status));
  const notPassed = sorted.filter((test) => test.status !== 'pass');
  const passed = sorted.filter((test) => test.status === 'pass');
  const problems =
    notPassed.length === 0
      ? '<p class="all-good">Every data test passed.</p>'
      : `<ul class="test-list problems">${notPassed.map(testItem).join('')}</ul>`;
  const passes =
    passed.length === 0
      ? ''
      : `<details><summary>${passed.length} passing ${passed.length === 1 ? 'test' : 'tests'}</summary><ul class="test-list passes">${passed.map(testItem).join('')}</ul></details>`;
  return `<div class="chips">${counts}</div>\n${problems}\n${passes}`;
}

function testItem(test: ReportTest): string {
  const rows =
    test.failures !== undefined && test.status !== 'pass'
      ? ` <span class="failures">${escapeHtml(formatValue(test.failures, 'integer'))} ${test.failures === 1 ? 'row' : 'rows'} found</span>`
      : '';
  const status = order.includes(test.status) ? test.status : 'error';
  return `<li class="status-${status}" data-test-status="${status}"><span class="badge">${labels[status]}</span> <code>${escapeHtml(test.name)}</code>${rows}</li>`;
}
