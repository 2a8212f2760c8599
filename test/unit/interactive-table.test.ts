import { strict as assert } from 'node:assert';
import { interactiveTableHtml } from '../../src/html/interactive-table';

describe('interactiveTableHtml: the static table its script enhances', () => {
  const html = interactiveTableHtml(
    [
      { name: 'name', numeric: false },
      { name: 'amount <usd>', numeric: true },
    ],
    [
      ['</script><script>alert(1)</script>', '12.5'],
      ['Zoë & "Jo"', '3'],
    ],
    { caption: 'A <b>caption</b>', note: 'Page 1 of 2', pageSize: 25 },
  );

  it('escapes every value, column name, caption and note: data cannot open a tag', () => {
    assert.equal(html.match(/<script>/g)?.length, 1, 'only the table’s own script');
    assert.ok(html.includes('&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(html.includes('amount &lt;usd&gt;'));
    assert.ok(html.includes('A &lt;b&gt;caption&lt;/b&gt;'));
    assert.ok(html.includes('Zoë &amp; &quot;Jo&quot;'));
  });

  it('renders every row statically, numbers right-aligned and typed for sorting, with its page size', () => {
    assert.equal(html.match(/<tr>/g)?.length, 3, 'the header row and both rows');
    assert.match(html, /<th data-type="number" style="text-align:right">amount &lt;usd&gt;<\/th>/);
    assert.match(html, /<div class="etl-table" id="(etl-table-[0-9a-f]{12})" data-page-size="25">/);
    const id = /id="(etl-table-[0-9a-f]{12})"/.exec(html)?.[1];
    assert.ok(html.includes(`getElementById('${id}')`), 'the script finds its own table');
    assert.ok(!/https?:\/\//.test(html), 'nothing to fetch');
  });

  it('gives each table its own id, so two in one notebook do not share a script', () => {
    const id = (text: string) => /id="(etl-table-[0-9a-f]+)"/.exec(text)?.[1];
    assert.notEqual(id(interactiveTableHtml([], [])), id(interactiveTableHtml([], [])));
  });
});
