import { S3StageError } from './s3-stage-error';

export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** Where the stage lives; every field is optional and falls back to the environment. */
export interface S3ConnectionOptions {
  bucket?: string;
  /** Key prefix above `<dataset>/<table>/…`; default `etl-workbook`. */
  prefix?: string;
  /** A non-AWS S3 (s3rver, MinIO); unset means AWS. */
  endpoint?: string;
  region?: string;
  /** Default: true with an endpoint (local servers have no per-bucket host names), else false. */
  forcePathStyle?: boolean;
  /** Default: the standard AWS chain (AWS_ACCESS_KEY_ID…, AWS_PROFILE, SSO, roles). */
  credentials?: S3Credentials;
}

export interface S3Config {
  bucket: string;
  prefix: string;
  endpoint?: string;
  region?: string;
  forcePathStyle: boolean;
  /** Explicit credentials; not enumerable, so printing or serializing the config never shows them. */
  readonly credentials?: S3Credentials;
  /** Secret values known to this config (to redact from messages); not enumerable either. */
  readonly secrets: readonly string[];
}

const DEFAULT_PREFIX = 'etl-workbook';

/**
 * Resolves the stage's S3 settings: explicit option > environment (S3_BUCKET, S3_PREFIX,
 * S3_ENDPOINT or the SDK's AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL, AWS_REGION / AWS_DEFAULT_REGION)
 * > defaults. Credentials left unset go to the SDK's standard chain. The endpoint variables the SDK
 * would read by itself are resolved here so that a non-AWS endpoint always gets the client
 * settings it needs (see createS3Client).
 */
export function resolveS3Config(
  options: S3ConnectionOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): S3Config {
  const bucket = options.bucket ?? nonEmpty(env.S3_BUCKET);
  if (!bucket) {
    throw new S3StageError('config', {
      what: 'S3 stage: no bucket is configured',
      why: 'neither the bucket option nor S3_BUCKET is set',
      fix: 'Set S3_BUCKET to a bucket these credentials can write, or use the local S3 server (startLocalS3) for work on this machine.',
    });
  }
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    throw new S3StageError('config', {
      what: `S3 stage: "${bucket}" is not a valid bucket name`,
      why: 'bucket names are 3-63 characters of lowercase letters, digits, dots and hyphens',
      fix: 'Fix S3_BUCKET (or the bucket option).',
    });
  }
  const endpoint =
    options.endpoint ??
    nonEmpty(env.S3_ENDPOINT) ??
    nonEmpty(env.AWS_ENDPOINT_URL_S3) ??
    nonEmpty(env.AWS_ENDPOINT_URL);
  if (endpoint !== undefined && !/^https?:\/\/[^/]+/.test(endpoint)) {
    throw new S3StageError('config', {
      what: `S3 stage: the endpoint "${endpoint}" is not an http(s) URL`,
      why: 'an S3 endpoint is a base URL such as http://127.0.0.1:4568',
      fix: 'Fix S3_ENDPOINT (or the endpoint option), or unset it to use AWS.',
    });
  }
  // Local servers ignore the region but the SDK insists on one.
  const region =
    options.region ??
    nonEmpty(env.AWS_REGION) ??
    nonEmpty(env.AWS_DEFAULT_REGION) ??
    (endpoint ? 'us-east-1' : undefined);
  const prefix = (options.prefix ?? nonEmpty(env.S3_PREFIX) ?? DEFAULT_PREFIX).replace(/^\/+|\/+$/g, '');
  const config: S3Config = {
    bucket,
    prefix,
    ...(endpoint ? { endpoint } : {}),
    ...(region ? { region } : {}),
    forcePathStyle: options.forcePathStyle ?? endpoint !== undefined,
    secrets: [],
  };
  const secrets = [
    options.credentials?.secretAccessKey,
    options.credentials?.sessionToken,
    env.AWS_SECRET_ACCESS_KEY,
    env.AWS_SESSION_TOKEN,
  ].filter((secret): secret is string => Boolean(secret));
  Object.defineProperty(config, 'secrets', { value: secrets, enumerable: false });
  if (options.credentials) {
    Object.defineProperty(config, 'credentials', { value: { ...options.credentials }, enumerable: false });
  }
  return config;
}

/** A one-line description of where the stage lives, safe to print. */
export function describeS3Config(config: S3Config): string {
  const where = config.endpoint
    ? `endpoint ${config.endpoint}`
    : `AWS region ${config.region ?? '(from profile)'}`;
  return `s3://${config.bucket}/${config.prefix ? `${config.prefix}/` : ''} (${where})`;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value?.trim() ? value.trim() : undefined;
}
