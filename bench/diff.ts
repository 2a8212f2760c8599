import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { perishableMarginProject, withoutMonthsFrom } from '../src/diff/worked-example';
import type { BenchServer } from './bench-server';
import { measureProcess } from './measure-process';
import { round, type Summary, summarize } from './stats';

export interface DiffBench {
  /** `diff` with attribution on the one-year dataset (its own clock, from diff.json). */
  diffSeconds: Summary;
  /** The whole `diff` process (compile, report rewrite included) and its peak RSS. */
  processSeconds: Summary;
  peakRssMb?: number;
  /** Keeping a base, side by side: raw tables + marts copied into a schema, vs CREATE DATABASE … TEMPLATE. */
  copySchemaSeconds: Summary;
  createDatabaseTemplateSeconds: Summary;
}

/**
 * The worked example of notebook 05 on the one-year dataset (base: without December; current:
 * December added and the margin changed), then `diff` timed; then the two ways to keep a base.
 */
export async function benchDiff(
  root: string,
  outDir: string,
  dataDir: string,
  server: BenchServer,
  repetitions: number,
): Promise<DiffBench> {
  const work = join(outDir, 'diff');
  const out = join(work, 'target');
  withoutMonthsFrom(dataDir, join(work, 'base'), '2024-12');
  const changed = perishableMarginProject(join(root, 'sql'), join(work, 'sql'));
  const cli = (...args: string[]) =>
    measureProcess(
      process.execPath,
      ['bin/etl-workbook.js', ...args, '--out', out, '-q', ...server.cliArgs],
      {
        cwd: root,
        env: server.cliEnv,
        rssOf: 'bin/etl-workbook.js',
      },
    );
  await cli('state', 'clean');
  await cli('run', '--data', join(work, 'base'), '--keep-state');
  await cli('run', '--data', dataDir, '--project', changed);
  const diffSeconds: number[] = [];
  const processSeconds: number[] = [];
  let peakRssMb: number | undefined;
  for (let i = 0; i < repetitions; i++) {
    const run = await cli('diff', '--project', changed);
    processSeconds.push(run.seconds);
    peakRssMb = Math.max(peakRssMb ?? 0, run.peakRssMb ?? 0) || undefined;
    diffSeconds.push(JSON.parse(readFileSync(join(out, 'diff.json'), 'utf8')).seconds.total);
  }
  const copies = await benchCopies(server, repetitions);
  await cli('state', 'clean');
  return {
    diffSeconds: summarize(diffSeconds),
    processSeconds: summarize(processSeconds),
    peakRssMb,
    ...copies,
  };
}

/**
 * Two ways to give a scratch build its own copy of the data, side by side on the same server:
 * the raw tables and marts copied into a new schema (what diff does), and the whole warehouse
 * database cloned with CREATE DATABASE … TEMPLATE (PostgreSQL only; nobody may be connected to the
 * template, so the copy is made from the `postgres` database).
 */
async function benchCopies(server: BenchServer, repetitions: number) {
  const env = server.psqlEnv;
  const database = env.PGDATABASE ?? 'postgres';
  const connect = async (name: string) => {
    const client = new Client({
      host: env.PGHOST,
      port: Number(env.PGPORT),
      user: env.PGUSER,
      password: env.PGPASSWORD,
      database: name,
    });
    await client.connect();
    return client;
  };
  const q = (name: string) => `"${name.replaceAll('"', '""')}"`;
  const schemaSeconds: number[] = [];
  const templateSeconds: number[] = [];
  const admin = await connect('postgres');
  try {
    for (let i = 0; i < repetitions; i++) {
      const main = await connect(database);
      try {
        const tables = await main.query<{ schema: string; name: string }>(
          `select table_schema as schema, table_name as name from information_schema.tables
           where table_schema in ('raw', 'marts') and table_type = 'BASE TABLE' order by 1, 2`,
        );
        const started = performance.now();
        await main.query('create schema bench_diff_copy');
        for (const t of tables.rows) {
          await main.query(
            `create table bench_diff_copy.${q(t.name)} as select * from ${q(t.schema)}.${q(t.name)}`,
          );
        }
        schemaSeconds.push(round((performance.now() - started) / 1000));
        await main.query('drop schema bench_diff_copy cascade');
      } finally {
        await main.end();
      }
      const started = performance.now();
      await admin.query(`create database bench_diff_clone template ${q(database)}`);
      templateSeconds.push(round((performance.now() - started) / 1000));
      await admin.query('drop database bench_diff_clone');
    }
  } finally {
    await admin.end();
  }
  return {
    copySchemaSeconds: summarize(schemaSeconds),
    createDatabaseTemplateSeconds: summarize(templateSeconds),
  };
}
