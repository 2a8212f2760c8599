import { strict as assert } from 'node:assert';
import { renderReport } from '../../src/report/render-report';
import { sampleReportInput } from '../support/sample-report-input';

describe('report: the "Extract checks" section (freshness, volume against history)', () => {
  it('lists each source’s freshness and each volume warning, escaped', async () => {
    const html = await renderReport({
      ...sampleReportInput(),
      extractChecks: {
        freshness: [
          {
            source: 'raw.raw_orders',
            status: 'error',
            newest: '2024-12-31T19:27:46Z',
            at: '2026-12-02T00:00:00.000Z',
          },
        ],
        volumeWarnings: [
          {
            table: 'raw_orders',
            store: 's1',
            day: '2024-12-25',
            rows: 0,
            usual: 29,
            message: 'raw_orders: 0 rows for store <Philadelphia> on 2024-12-25',
          },
        ],
        volumeJudged: 704,
        volumeNotJudged: 90,
      },
    });
    assert.match(html, /<section id="extract-checks">/);
    assert.match(html, /<tr data-source="raw.raw_orders" data-status="error">/);
    assert.match(html, /<tr data-table="raw_orders" data-day="2024-12-25">/);
    assert.match(html, /store &lt;Philadelphia&gt; on 2024-12-25/);
    assert.doesNotMatch(html, /<Philadelphia>/);
  });

  it('says so when nothing dropped, with the counts judged and not judged', async () => {
    const html = await renderReport({
      ...sampleReportInput(),
      extractChecks: { freshness: [], volumeWarnings: [], volumeJudged: 12, volumeNotJudged: 3 },
    });
    assert.match(html, /No volume drop: 12 counts within their band \(3 without enough history to judge\)/);
    assert.match(html, /No source declares a freshness/);
  });

  it('has no such section when the run did not check the extract', async () => {
    assert.doesNotMatch(await renderReport(sampleReportInput()), /extract-checks/);
  });
});
