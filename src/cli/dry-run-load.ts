import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { checkHeader } from '../loader/check-header';
import { type ContractTable, RAW_CONTRACT, RAW_SCHEMA } from '../loader/contract';
import { rawTableDdl } from '../loader/load-dataset';
import { LoadError } from '../loader/load-error';
import { type ManifestSource, tableLoadStatements } from '../loader/load-statements';
import { readHeader } from '../loader/read-header';
import { resolveRedshiftCopyOptions } from '../loader/redshift-config';
import { displayPath } from '../paths/display-path';
import { resolveS3Config } from '../stage/s3-config';
import { scanSource } from '../stage/scan-source';
import { DEFAULT_PART_SIZE_BYTES, LOCAL_S3_BUCKET } from '../stage/stage-defaults';
import { s3Url, stageLayout } from '../stage/stage-layout';
import { formatBytes } from '../stage/stage-totals';
import type { Dialect } from '../warehouse/dialect';
import type { TargetName } from '../warehouse/warehouse';
import type { StageName } from './stage-option';

export interface LoadPlanInput {
  target: TargetName;
  dialect: Dialect;
  dataDir: string;
  stage: StageName;
  tables?: string[];
  env?: NodeJS.ProcessEnv;
  /** Uncompressed bytes per staged part (default the stage's). */
  partSizeBytes?: number;
}

export interface LoadPlanText {
  text: string;
  /** False when a file is missing or its header breaks the contract: the load would fail. */
  ok: boolean;
}

const PLACEHOLDER_BUCKET = '<S3_BUCKET>';
const PLACEHOLDER_ROLE = 'arn:aws:iam::<account-id>:role/<REDSHIFT_IAM_ROLE>';

/**
 * Every statement a load would send, in order, computed without connecting or uploading: the raw
 * DDL, then per table its transaction. With the S3 stage each file is read once to hash it, which
 * gives the exact keys and manifest URL the upload would use (the content hash is in the key).
 */
export async function formatLoadPlan(input: LoadPlanInput): Promise<LoadPlanText> {
  const env = input.env ?? process.env;
  const { dialect } = input;
  const tables = RAW_CONTRACT.filter((t) => !input.tables || input.tables.includes(t.table));
  const out: string[] = [];
  const notes: string[] = [];
  let bucket: string | undefined;
  let prefix = '';
  if (input.stage === 's3') {
    bucket = env.S3_BUCKET?.trim() || (input.target === 'redshift' ? PLACEHOLDER_BUCKET : LOCAL_S3_BUCKET);
    if (bucket === PLACEHOLDER_BUCKET)
      notes.push(`S3_BUCKET is not set: ${PLACEHOLDER_BUCKET} stands for it.`);
    if (bucket === LOCAL_S3_BUCKET && !env.S3_BUCKET?.trim()) {
      notes.push('S3_BUCKET is not set: the local S3 server (s3rver on 127.0.0.1) would hold the parts.');
    }
    prefix = resolveS3Config({ bucket: 'placeholder-bucket' }, env).prefix;
  }
  let copyOptions: Omit<ManifestSource, 'manifestUrl'> | undefined;
  if (!dialect.supportsCopyFromStdin) {
    if (env.REDSHIFT_IAM_ROLE?.trim()) copyOptions = resolveRedshiftCopyOptions(env);
    else {
      notes.push(`REDSHIFT_IAM_ROLE is not set: ${PLACEHOLDER_ROLE} stands for it.`);
      const region = (env.AWS_REGION ?? env.AWS_DEFAULT_REGION)?.trim();
      copyOptions = { iamRole: PLACEHOLDER_ROLE, ...(region ? { region } : {}) };
    }
  }
  out.push(
    `-- load plan: ${tables.length} raw tables from ${displayPath(input.dataDir)}, target ${input.target}, stage ${input.stage}${bucket ? ` (s3://${bucket}/${prefix ? `${prefix}/` : ''})` : ''}`,
    '-- dry run: nothing was connected to, uploaded or changed.',
    ...notes.map((note) => `-- ${note}`),
    '',
    `${dialect.createSchema(RAW_SCHEMA)};`,
    ...tables.map((table) => `${rawTableDdl({ dialect }, table)};`),
  );
  let ok = true;
  for (const table of tables) {
    out.push('');
    try {
      out.push(...(await tableSection(input, table, bucket, prefix, copyOptions)));
    } catch (error) {
      if (!(error instanceof LoadError)) throw error;
      ok = false;
      out.push(`-- ✘ ${RAW_SCHEMA}.${table.table}: the load would fail: ${error.message}`);
    }
  }
  return { text: `${out.join('\n')}\n`, ok };
}

async function tableSection(
  input: LoadPlanInput,
  table: ContractTable,
  bucket: string | undefined,
  prefix: string,
  copyOptions: Omit<ManifestSource, 'manifestUrl'> | undefined,
): Promise<string[]> {
  const path = join(input.dataDir, table.file);
  const file = displayPath(path);
  if (!existsSync(path)) throw new LoadError(file, 'the file does not exist');
  const columns = checkHeader(file, await readHeader(path), table);
  const comments: string[] = [];
  let manifest: ManifestSource | undefined;
  if (bucket !== undefined) {
    const scan = await scanSource(path, input.partSizeBytes ?? DEFAULT_PART_SIZE_BYTES);
    const layout = stageLayout(prefix, basename(input.dataDir), table.table, scan.sha256);
    const manifestUrl = s3Url(bucket, layout.manifestKey);
    comments.push(
      `-- ${table.table}: ${file} (${formatBytes(scan.bytes)}, sha256 ${scan.sha256.slice(0, 12)}…) → ${scan.ranges.length} gzip part${scan.ranges.length === 1 ? '' : 's'} ${s3Url(bucket, layout.partKey(0)).replace(/0001\.csv\.gz$/, 'NNNN.csv.gz')}`,
      `--   and ${manifestUrl} (not uploaded again if already there)`,
    );
    if (copyOptions) manifest = { ...copyOptions, manifestUrl };
    else
      comments.push(
        '--   COPY FROM STDIN then streams the parts back from S3, gunzipped, checking each sha256.',
      );
  } else {
    comments.push(`-- ${table.table}: ${file}, streamed from disk`);
  }
  const statements = tableLoadStatements(input.dialect, table, columns, manifest);
  return [
    ...comments,
    'begin;',
    `${statements.clear};`,
    `${statements.copy};`,
    ...(manifest
      ? ["select pg_last_copy_count();  -- must equal the file's data records, else rollback"]
      : []),
    'commit;',
    `${statements.analyze};`,
  ];
}
