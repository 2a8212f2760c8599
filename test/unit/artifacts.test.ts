import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ARTIFACT_SCHEMA_VERSION, readJsonArtifact, writeJsonArtifact } from '../../src/artifacts/artifacts';

describe('artifacts: typed target/*.json with a schema_version', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'etl-artifacts-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes metadata first, with schema_version and generated_at, then the body', async () => {
    await writeJsonArtifact(dir, 'kpis.json', { kpis: { a: 1 } }, { target: 'local' });
    const written = JSON.parse(readFileSync(join(dir, 'kpis.json'), 'utf8'));
    assert.deepEqual(Object.keys(written), ['metadata', 'kpis']);
    assert.equal(written.metadata.schema_version, 1);
    assert.equal(written.metadata.target, 'local');
    assert.ok(Math.abs(Date.parse(written.metadata.generated_at) - Date.now()) < 60_000);
    const read = await readJsonArtifact(dir, 'kpis.json');
    assert.deepEqual(read?.kpis, { a: 1 });
  });

  it('reads an absent file as undefined and a file from before versions as version 1', async () => {
    assert.equal(await readJsonArtifact(dir, 'run_results.json'), undefined);
    writeFileSync(join(dir, 'run_results.json'), JSON.stringify({ results: [] }));
    const read = await readJsonArtifact(dir, 'run_results.json');
    assert.equal(read?.metadata.schema_version, 1);
    assert.deepEqual(read?.results, []);
  });

  it('refuses a newer schema_version, bad JSON and a file without its main field, naming file and fix', async () => {
    const path = join(dir, 'load_results.json');
    writeFileSync(
      path,
      JSON.stringify({ metadata: { schema_version: ARTIFACT_SCHEMA_VERSION + 1 }, results: [] }),
    );
    await assert.rejects(readJsonArtifact(dir, 'load_results.json'), (error: Error) => {
      assert.match(
        error.message,
        /load_results\.json has schema_version 2, newer than this etl-workbook reads \(1\)/,
      );
      assert.match(error.message, /Run `etl-workbook load \(or run\)` again/);
      return true;
    });
    writeFileSync(path, '{"results": [');
    await assert.rejects(readJsonArtifact(dir, 'load_results.json'), /load_results\.json is not valid JSON/);
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ metadata: {}, nodes: [] }));
    await assert.rejects(
      readJsonArtifact(dir, 'manifest.json'),
      /manifest\.json has no "nodes" object: it is not a manifest\.json\. Run `etl-workbook compile \(or build\)`/,
    );
  });
});
