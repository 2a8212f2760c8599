import { basename, join } from 'node:path';
import { resolveRedshiftCopyOptions } from '../loader/redshift-config';
import { projectRoot } from '../paths/project-root';
import { noStage, type Stage } from '../stage/stage';
import { defaultStage } from '../warehouse/target';
import type { TargetName } from '../warehouse/warehouse';
import { UsageError } from './options';
import type { Reporter } from './reporter';

export type StageName = 'none' | 's3';

const NO_BUCKET_FOR_REDSHIFT =
  'Redshift target: S3_BUCKET is not set. Redshift COPYs from S3, so the files must be staged in a bucket it can read (it cannot read the local S3 server): set S3_BUCKET (with AWS credentials and AWS_REGION) and REDSHIFT_IAM_ROLE. See README "Running on Redshift".';

export const STAGE_OPTION = { stage: { type: 'string' } } as const;

export const STAGE_HELP = `  --stage none|s3   how the raw files reach COPY: none streams them from disk (default); s3
                    gzips them into parts under S3_BUCKET (or, with no S3_BUCKET, a local S3
                    server under .warehouse/s3/) and loads from there (redshift: always s3)`;

/** `--stage` (or ETL_STAGE); Redshift can only load from S3, so s3 is its default and only choice. */
export function stageFrom(values: Record<string, unknown>, target: TargetName): StageName {
  const stage = (values.stage as string | undefined) ?? process.env.ETL_STAGE ?? defaultStage(target);
  if (stage !== 'none' && stage !== 's3') throw new UsageError(`Unknown stage "${stage}": use none or s3.`);
  if (target === 'redshift' && stage === 'none') {
    throw new UsageError('--target redshift loads from S3 only: use --stage s3 (the default for redshift).');
  }
  // A real Redshift run needs its S3 settings: say so before connecting (a dry run uses placeholders).
  if (target === 'redshift' && !values['dry-run']) {
    resolveRedshiftCopyOptions();
    if (!process.env.S3_BUCKET?.trim()) throw new Error(NO_BUCKET_FOR_REDSHIFT);
  }
  return stage;
}

/** Where the local S3 server keeps its objects: `<warehouse home>/s3`. */
export function localS3Dir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.ETL_WAREHOUSE_HOME ?? join(projectRoot(), '.warehouse'), 's3');
}

/**
 * Runs `work` with the chosen stage. s3 uses S3_BUCKET (with the AWS_* variables, S3_ENDPOINT,
 * S3_PREFIX) when set; otherwise it starts the local S3 server (s3rver on loopback) for the
 * duration of the command, which Redshift cannot read, so redshift needs S3_BUCKET.
 */
export async function withStage<T>(
  name: StageName,
  context: { dataDir: string; target: TargetName; reporter: Reporter },
  work: (stage: Stage) => Promise<T>,
): Promise<T> {
  if (name === 'none') return work(noStage);
  // Loaded on demand (require: the build is CommonJS): the AWS SDK is only needed on this path.
  const { S3Stage } = require('../stage/s3-stage') as typeof import('../stage/s3-stage');
  const dataset = basename(context.dataDir);
  if (process.env.S3_BUCKET?.trim()) {
    const stage = new S3Stage({ dataset });
    context.reporter.progress(`Stage: ${stage.describe()}`);
    try {
      return await work(stage);
    } finally {
      stage.close();
    }
  }
  if (context.target === 'redshift') {
    throw new Error(NO_BUCKET_FOR_REDSHIFT);
  }
  const { startLocalS3 } = require('../stage/local-s3') as typeof import('../stage/local-s3');
  const local = await startLocalS3({ dir: localS3Dir() });
  const stage = new S3Stage({
    dataset,
    bucket: local.bucket,
    endpoint: local.endpoint,
    credentials: local.credentials,
    env: {},
  });
  context.reporter.progress(`Stage: local S3 server ${stage.describe()}, objects in ${local.dir}`);
  try {
    return await work(stage);
  } finally {
    stage.close();
    await local.close();
  }
}
