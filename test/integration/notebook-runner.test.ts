import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type CellEvent,
  type NotebookDocument,
  NotebookError,
  type NotebookOutput,
  runNotebook,
  runNotebooks,
} from '../../src/notebooks';

const FIXTURES = join(__dirname, '..', 'fixtures', 'notebooks');

function readExecuted(path: string): NotebookDocument {
  return JSON.parse(readFileSync(path, 'utf8'));
}

function codeCells(document: NotebookDocument) {
  return document.cells.flatMap((cell) => (cell.cell_type === 'code' ? [cell] : []));
}

function text(output: NotebookOutput | undefined): string {
  assert.equal(output?.output_type, 'stream');
  return Array.isArray(output.text) ? output.text.join('') : output.text;
}

function assertGone(pid: number | undefined): void {
  assert.ok(pid, 'the kernel pid is reported');
  assert.throws(() => process.kill(pid, 0), { code: 'ESRCH' }, `kernel process ${pid} still exists`);
  assert.throws(() => process.kill(-pid, 0), { code: 'ESRCH' }, `kernel process group ${pid} still exists`);
}

async function rejection(promise: Promise<unknown>): Promise<NotebookError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof NotebookError, `expected a NotebookError, got ${error}`);
    return error;
  }
  assert.fail('expected the run to fail');
}

describe('notebook runner: real tslab kernel', function () {
  this.timeout(120_000); // a hang guard: kernels start slowly on a busy 2-core machine
  const outDir = mkdtempSync(join(tmpdir(), 'etl-notebooks-'));
  after(() => rmSync(outDir, { recursive: true, force: true }));

  it('runs every cell of ok.ipynb and writes the executed copy with outputs and counts', async () => {
    const events: CellEvent[] = [];
    const run = await runNotebook(join(FIXTURES, 'ok.ipynb'), {
      outDir,
      onCell: (event) => events.push(event),
    });
    assert.equal(run.executedCopy, join(outDir, 'ok.ipynb'));
    assert.deepEqual(
      run.cells.map((cell) => cell.executionCount),
      [1, 2, 3, 4, 5, 6],
    );
    assert.deepEqual(
      events.filter((event) => event.phase === 'passed').map((event) => event.cellIndex),
      [1, 2, 3, 4, 5, 6],
    );
    assertGone(run.kernelPid);

    const executed = readExecuted(run.executedCopy);
    assert.deepEqual(executed.metadata.kernelspec, {
      display_name: 'TypeScript',
      language: 'typescript',
      name: 'tslab',
    });
    assert.equal(executed.metadata.language_info?.name, 'typescript');
    const [log, expression, displays, helper, awaited, bundle] = codeCells(executed);
    assert.deepEqual(
      codeCells(executed).map((cell) => cell.execution_count),
      [1, 2, 3, 4, 5, 6],
    );
    assert.equal(text(log?.outputs[0]), 'hello from cell 1\n');
    // tslab prints a cell's last expression with console.log: a stdout stream, not an execute_result.
    assert.equal(text(expression?.outputs[0]), '30\n');
    assert.deepEqual(
      displays?.outputs.map((output) => output.output_type === 'display_data' && Object.keys(output.data)),
      [['text/html'], ['image/svg+xml']],
    );
    assert.equal(text(helper?.outputs[0]), 'double(21) = 42\n');
    assert.equal(text(awaited?.outputs[0]), 'awaited 42\n');
    const chart = bundle?.outputs[0];
    assert.equal(bundle?.outputs.length, 1, 'one display message carries all three mime types');
    assert.equal(chart?.output_type, 'display_data');
    assert.deepEqual(Object.keys(chart.data).sort(), [
      'application/vnd.vegalite.v5+json',
      'image/svg+xml',
      'text/plain',
    ]);
    assert.equal((chart.data['application/vnd.vegalite.v5+json'] as { mark: string }).mark, 'bar');
    assert.deepEqual(chart.data['text/plain'], ['bar chart: revenue by store']);
  });

  for (const variant of [
    { file: 'fail-throw.ipynb', said: /Error: boom at cell 2/ },
    { file: 'fail-type.ipynb', said: /Type '"boom at cell 2"' is not assignable to type '"ok"'/ },
  ]) {
    it(`stops at the failing cell 2 of ${variant.file} and names notebook, cell and error`, async () => {
      const marker = join(outDir, `${variant.file}.cell-3-ran`);
      const error = await rejection(
        runNotebook(join(FIXTURES, variant.file), { outDir, env: { MARKER_FILE: marker } }),
      );
      assert.equal(error.reason, 'cell-error');
      assert.equal(error.cellIndex, 2);
      assert.equal(error.cell?.position, 3, 'the markdown cell on top is not counted in cellIndex');
      assert.match(error.errorText ?? '', variant.said);
      assert.match(
        error.message,
        new RegExp(`${variant.file.replace('.', '\\.')}: a cell failed \\(code cell 2 of 3`),
      );
      assert.match(error.message, /boom at cell 2/);
      assert.match(error.message, /To reproduce: open .* in Jupyter/);
      assertGone(error.kernelPid);

      assert.equal(existsSync(marker), false, 'cell 3 must not run');
      const [first, failed, later] = codeCells(readExecuted(join(outDir, variant.file)));
      assert.equal(first?.execution_count, 1);
      assert.equal(failed?.execution_count, 2);
      assert.ok(
        failed?.outputs.some((output) => output.output_type === 'stream' && output.name === 'stderr'),
      );
      assert.deepEqual([later?.execution_count, later?.outputs], [null, []]);
    });
  }

  it('fails the cell whose promise rejected unawaited, although tslab replied ok for it', async () => {
    const error = await rejection(runNotebook(join(FIXTURES, 'fail-unhandled.ipynb'), { outDir }));
    assert.equal(error.reason, 'cell-error');
    assert.equal(error.cellIndex, 1);
    assert.match(error.errorText ?? '', /^UnhandledPromiseRejection: Error: boom in a promise nobody awaits/);
    assert.match(error.message, /a cell left an error nobody awaited or caught/);
    assertGone(error.kernelPid);
  });

  it('kills the kernel process group when a cell exceeds its timeout', async () => {
    const started = Date.now();
    const error = await rejection(runNotebook(join(FIXTURES, 'hang.ipynb'), { outDir, timeoutMs: 1500 }));
    assert.equal(error.reason, 'cell-timeout');
    assert.equal(error.cellIndex, 1);
    assert.match(error.message, /did not finish within 1\.5 s; the kernel's process group was killed/);
    // The cell spins forever: finishing at all proves the kill. The bound leaves room for a kernel
    // start on a loaded machine (≈20 s at load 25), far below the test's own 120 s limit.
    assert.ok(Date.now() - started < 60_000, 'no hang');
    assertGone(error.kernelPid);
    const [spinning, never] = codeCells(readExecuted(join(outDir, 'hang.ipynb')));
    assert.equal(text(spinning?.outputs[0]), 'about to spin\n');
    assert.deepEqual(never?.outputs, []);
  });

  it('gives up with a clear error when the kernel is not ready within the start timeout', async () => {
    const error = await rejection(runNotebook(join(FIXTURES, 'ok.ipynb'), { outDir, startTimeoutMs: 100 }));
    assert.equal(error.reason, 'kernel-start');
    assert.equal(error.cellIndex, undefined);
    assert.match(
      error.message,
      /the tslab kernel did not answer kernel_info_request within 0\.1 s and was killed/,
    );
    assertGone(error.kernelPid);
  });

  it('runs NN-*.ipynb in order; a notebook imports compiled output one folder up (as notebooks/ → ../dist)', async () => {
    const runs = await runNotebooks(join(FIXTURES, 'workbook'), { outDir });
    assert.deepEqual(
      runs.map((run) => run.notebook.split(/[\\/]/).pop()),
      ['01-compiled.ipynb', '02-second.ipynb'],
    );
    const [cell] = codeCells(readExecuted(join(outDir, '01-compiled.ipynb')));
    assert.equal(
      text(cell?.outputs[0]),
      'hello workbook from the compiled package\nembedded-postgres loads: true\n',
    );
    const only = await runNotebooks(join(FIXTURES, 'workbook'), { outDir, only: 'second' });
    assert.deepEqual(
      only.map((run) => run.notebook.split(/[\\/]/).pop()),
      ['02-second.ipynb'],
    );
  });
});
