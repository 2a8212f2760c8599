import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listNotebooks } from '../../src/notebooks/list-notebooks';
import { NotebookError } from '../../src/notebooks/notebook-error';
import { readNotebook } from '../../src/notebooks/read-notebook';

function folderWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'etl-nb-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const notebook = (kernel?: string) =>
  JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: kernel ? { kernelspec: { name: kernel, display_name: kernel } } : {},
    cells: [{ cell_type: 'code', source: ['1'], metadata: {} }],
  });

describe('notebook runner: notebook files', () => {
  it('lists NN-*.ipynb in name order and picks one by name, number or stem', async () => {
    const dir = folderWith({
      '02-loading.ipynb': '{}',
      '01-modeling.ipynb': '{}',
      '10-extra.ipynb': '{}',
      'scratch.ipynb': '{}',
      '03-notes.md': '',
    });
    const names = (paths: string[]) => paths.map((path) => path.slice(dir.length + 1));
    assert.deepEqual(names(await listNotebooks(dir)), [
      '01-modeling.ipynb',
      '02-loading.ipynb',
      '10-extra.ipynb',
    ]);
    for (const only of ['02-loading.ipynb', '02-loading', '02', 'loading']) {
      assert.deepEqual(names(await listNotebooks(dir, only)), ['02-loading.ipynb'], only);
    }
    await assert.rejects(listNotebooks(dir, 'kpis'), (error: NotebookError) => {
      assert.equal(error.reason, 'not-found');
      assert.match(
        error.message,
        /no notebook matches "kpis"; the notebooks are 01-modeling.ipynb, 02-loading.ipynb/,
      );
      return true;
    });
    await assert.rejects(listNotebooks(folderWith({})), /no NN-\*\.ipynb notebooks/);
  });

  it('reads nbformat 4, fills missing outputs and refuses other formats and kernels', async () => {
    const dir = folderWith({
      'ok.ipynb': notebook('tslab'),
      'none.ipynb': notebook(),
      'python.ipynb': notebook('python3'),
      'v3.ipynb': JSON.stringify({ nbformat: 3, worksheets: [] }),
      'broken.ipynb': '{"nbformat": 4,',
    });
    const document = await readNotebook(join(dir, 'ok.ipynb'));
    assert.deepEqual(document.cells[0], {
      cell_type: 'code',
      source: ['1'],
      metadata: {},
      outputs: [],
      execution_count: null,
    });
    await readNotebook(join(dir, 'none.ipynb'));
    await assert.rejects(readNotebook(join(dir, 'python.ipynb')), /kernel "python3", expected "tslab"/);
    await assert.rejects(readNotebook(join(dir, 'v3.ipynb')), /nbformat 3, expected 4/);
    await assert.rejects(readNotebook(join(dir, 'broken.ipynb')), /not valid JSON/);
    await assert.rejects(readNotebook(join(dir, 'missing.ipynb')), /cannot read the notebook \(ENOENT\)/);
  });

  it('says which notebook, which code cell (and how counted), the source, the error and how to reproduce', () => {
    const error = new NotebookError({
      notebook: join(process.cwd(), 'notebooks', '02-loading.ipynb'),
      reason: 'cell-error',
      problem: 'a cell failed',
      cell: {
        index: 2,
        position: 4,
        codeCellCount: 5,
        source: "const rows = 1;\nthrow new Error('boom');\n",
      },
      errorText:
        'Error: boom\n    at evalmachine.<anonymous>:2:7\n    at Script.runInThisContext (node:vm:1:1)',
      executedCopy: join(process.cwd(), 'target', 'notebooks', '02-loading.ipynb'),
    });
    assert.equal(error.cellIndex, 2);
    assert.equal(
      error.message,
      [
        'notebooks/02-loading.ipynb: a cell failed (code cell 2 of 5, counting code cells only from the top as Jupyter shows them; cell 4 counting markdown cells too).',
        '  | const rows = 1;',
        "  | throw new Error('boom');",
        'Error: boom',
        '    at evalmachine.<anonymous>:2:7',
        'Executed copy with the outputs so far: target/notebooks/02-loading.ipynb',
        'To reproduce: open notebooks/02-loading.ipynb in Jupyter (kernel "TypeScript", tslab) and run all cells from the top.',
      ].join('\n'),
    );
    assert.equal(error.toJSON().cellIndex, 2);
  });
});
