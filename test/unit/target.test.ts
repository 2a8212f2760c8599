import { strict as assert } from 'node:assert';
import { commonOptions, UsageError } from '../../src/cli/options';
import { defaultStage, remotePort, resolveTarget, targetName } from '../../src/warehouse/target';

describe('target resolution: one rule for the CLI, openWarehouse and openWorkbook', () => {
  const env = (vars: Record<string, string>): NodeJS.ProcessEnv => vars;

  it('takes the explicit choice, else ETL_TARGET, else local; DATABASE_URL alone switches nothing', () => {
    assert.equal(targetName('redshift', env({ ETL_TARGET: 'postgres' })), 'redshift');
    assert.equal(targetName(undefined, env({ ETL_TARGET: 'postgres' })), 'postgres');
    assert.equal(targetName(undefined, env({ DATABASE_URL: 'postgres://u:p@h/db' })), 'local');
  });

  it('refuses an unknown name from the option and from ETL_TARGET alike, saying where it came from', () => {
    assert.throws(
      () => targetName('mysql', env({})),
      /^Error: Unknown target "mysql": use local, postgres or redshift\.$/,
    );
    assert.throws(
      () => targetName(undefined, env({ ETL_TARGET: 'oracle' })),
      /Unknown target "oracle" \(from ETL_TARGET\): use local, postgres or redshift/,
    );
    const saved = process.env.ETL_TARGET;
    process.env.ETL_TARGET = 'oracle';
    try {
      assert.throws(
        () => commonOptions({}),
        (error: Error) => error instanceof UsageError && /oracle/.test(error.message),
      );
    } finally {
      if (saved === undefined) delete process.env.ETL_TARGET;
      else process.env.ETL_TARGET = saved;
    }
  });

  it('gives dialect, printable description without the password, connection string and default stage', () => {
    const postgres = resolveTarget({
      target: 'postgres',
      env: env({ DATABASE_URL: 'postgres://etl:s3cret@db:5432/x' }),
    });
    assert.equal(postgres.dialect.name, 'postgres');
    assert.equal(postgres.url, 'postgres://etl:s3cret@db:5432/x');
    assert.ok(!postgres.description.includes('s3cret'), postgres.description);
    assert.equal(postgres.defaultStage, 'none');
    const explicit = resolveTarget({
      target: 'postgres',
      databaseUrl: 'postgres://a@b/c',
      env: env({ DATABASE_URL: 'postgres://x@y/z' }),
    });
    assert.equal(explicit.url, 'postgres://a@b/c');
    const redshift = resolveTarget({
      target: 'redshift',
      env: env({ PGHOST: 'wg.example', PGDATABASE: 'dev' }),
    });
    assert.equal(redshift.dialect.name, 'redshift');
    assert.equal(redshift.description, 'Redshift from PG* variables (wg.example:5439/dev)');
    assert.equal(remotePort(redshift, env({})), 5439);
    assert.equal(remotePort(redshift, env({ PGPORT: '6000' })), undefined);
    assert.equal(defaultStage('redshift'), 's3');
    assert.equal(resolveTarget({ env: env({}) }).description, 'local embedded PostgreSQL');
  });
});
