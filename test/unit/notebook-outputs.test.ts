import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cellErrorText, compactErrorText } from '../../src/notebooks/error-text';
import { type JupyterMessage, jupyterMessage } from '../../src/notebooks/jupyter-message';
import type { NotebookDocument, NotebookOutput } from '../../src/notebooks/notebook-document';
import { OutputCollector } from '../../src/notebooks/output-collector';
import { toNbformatOutput } from '../../src/notebooks/to-nbformat-output';
import { writeNotebook } from '../../src/notebooks/write-notebook';

function iopub(type: string, content: Record<string, unknown>, parent = 'cell-1'): JupyterMessage {
  return { ...jupyterMessage(type, content, 'kernel'), parent_header: { msg_id: parent } };
}

describe('notebook runner: nbformat outputs', () => {
  it('converts stream, display_data, execute_result and error messages', () => {
    assert.deepEqual(toNbformatOutput(iopub('stream', { name: 'stderr', text: 'oops\n' })), {
      output_type: 'stream',
      name: 'stderr',
      text: 'oops\n',
    });
    const bundle = { 'text/plain': 'chart', 'application/vnd.vegalite.v5+json': { mark: 'bar' } };
    assert.deepEqual(toNbformatOutput(iopub('display_data', { data: bundle, metadata: {}, transient: {} })), {
      output_type: 'display_data',
      data: bundle,
      metadata: {},
    });
    assert.deepEqual(
      toNbformatOutput(iopub('execute_result', { data: { 'text/plain': '3' }, execution_count: 4 })),
      {
        output_type: 'execute_result',
        execution_count: 4,
        data: { 'text/plain': '3' },
        metadata: {},
      },
    );
    assert.deepEqual(
      toNbformatOutput(
        iopub('error', { ename: 'TypeError', evalue: 'x is undefined', traceback: ['l1', 'l2'] }),
      ),
      { output_type: 'error', ename: 'TypeError', evalue: 'x is undefined', traceback: ['l1', 'l2'] },
    );
    assert.equal(toNbformatOutput(iopub('status', { execution_state: 'idle' })), undefined);
  });

  it('routes messages to their cell by parent msg_id and merges consecutive stream chunks', () => {
    const collector = new OutputCollector();
    const first: NotebookOutput[] = [];
    const second: NotebookOutput[] = [];
    collector.track('cell-1', first);
    collector.track('cell-2', second);
    collector.handle(iopub('stream', { name: 'stdout', text: 'a' }, 'cell-1'));
    collector.handle(iopub('stream', { name: 'stdout', text: 'b\n' }, 'cell-1'));
    collector.handle(iopub('stream', { name: 'stderr', text: 'warn\n' }, 'cell-1'));
    collector.handle(iopub('stream', { name: 'stdout', text: 'c\n' }, 'cell-2'));
    collector.handle(iopub('stream', { name: 'stdout', text: 'late\n' }, 'cell-1'));
    collector.handle(iopub('stream', { name: 'stdout', text: 'unknown parent\n' }, 'other'));
    assert.deepEqual(first, [
      { output_type: 'stream', name: 'stdout', text: 'ab\n' },
      { output_type: 'stream', name: 'stderr', text: 'warn\n' },
      { output_type: 'stream', name: 'stdout', text: 'late\n' },
    ]);
    assert.deepEqual(second, [{ output_type: 'stream', name: 'stdout', text: 'c\n' }]);
  });

  it('updates displays by display id and honours clear_output (now and with wait)', () => {
    const collector = new OutputCollector();
    const outputs: NotebookOutput[] = [];
    collector.track('cell-1', outputs);
    const transient = { display_id: 'progress' };
    collector.handle(iopub('display_data', { data: { 'text/plain': '10%' }, metadata: {}, transient }));
    collector.handle(
      iopub('update_display_data', { data: { 'text/plain': '90%' }, metadata: {}, transient }),
    );
    assert.deepEqual(outputs, [{ output_type: 'display_data', data: { 'text/plain': '90%' }, metadata: {} }]);
    collector.handle(iopub('clear_output', { wait: true }));
    assert.equal(outputs.length, 1, 'wait: the old output stays until the next one arrives');
    collector.handle(iopub('stream', { name: 'stdout', text: 'done\n' }));
    assert.deepEqual(outputs, [{ output_type: 'stream', name: 'stdout', text: 'done\n' }]);
    collector.handle(iopub('clear_output', { wait: false }));
    assert.deepEqual(outputs, []);
  });

  it('takes the error text from stderr (tslab) and error outputs, without ANSI colours', () => {
    const text = cellErrorText([
      { output_type: 'stream', name: 'stdout', text: 'not an error\n' },
      { output_type: 'stream', name: 'stderr', text: '\u001b[31mError: boom\u001b[39m\n    at cell:1:1\n' },
      { output_type: 'error', ename: 'RangeError', evalue: 'too far', traceback: [] },
    ]);
    assert.equal(text, 'Error: boom\n    at cell:1:1\n\nRangeError: too far');
    const stack =
      'Error: boom\n    at evalmachine.<anonymous>:3:7\n    at Script.runInThisContext (node:vm:1:1)';
    assert.equal(compactErrorText(stack), 'Error: boom\n    at evalmachine.<anonymous>:3:7');
  });

  it('writes the executed notebook as Jupyter does: line lists, sorted keys, JSON mime data kept as objects', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'etl-nb-')), 'out', 'x.ipynb');
    const document: NotebookDocument = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: { kernelspec: { name: 'tslab', display_name: 'TypeScript', language: 'typescript' } },
      cells: [
        {
          cell_type: 'code',
          source: 'a\nb',
          metadata: {},
          execution_count: 1,
          outputs: [
            { output_type: 'stream', name: 'stdout', text: 'one\ntwo\n' },
            {
              output_type: 'display_data',
              data: { 'image/svg+xml': '<svg>\n</svg>', 'application/vnd.vegalite.v5+json': { mark: 'bar' } },
              metadata: {},
            },
          ],
        },
      ],
    };
    await writeNotebook(path, document);
    const text = readFileSync(path, 'utf8');
    assert.ok(text.endsWith('}\n'));
    const written = JSON.parse(text);
    assert.deepEqual(Object.keys(written), ['cells', 'metadata', 'nbformat', 'nbformat_minor']);
    const cell = written.cells[0];
    assert.deepEqual(cell.source, ['a\n', 'b']);
    assert.deepEqual(cell.outputs[0].text, ['one\n', 'two\n']);
    assert.deepEqual(cell.outputs[1].data['image/svg+xml'], ['<svg>\n', '</svg>']);
    assert.deepEqual(cell.outputs[1].data['application/vnd.vegalite.v5+json'], { mark: 'bar' });
    assert.equal(document.cells[0]?.source, 'a\nb', 'the in-memory document is not changed');
  });
});
