import { at } from '../common/at';
import { redactSecrets } from '../common/redact';

export type S3StageErrorCode =
  | 'config'
  | 'credentials'
  | 'bucket-missing'
  | 'access-denied'
  | 'region'
  | 'unreachable'
  | 'integrity'
  | 'source-changed'
  | 'request';

/**
 * A staging failure that says what happened, why and how to fix it, naming the bucket or object
 * involved. Its message never holds a secret key: callers pass the secrets they know and any
 * occurrence is replaced by `***`.
 */
export class S3StageError extends Error {
  readonly code: S3StageErrorCode;
  /** The object involved (`s3://bucket/key`), when there is one. */
  readonly url?: string;

  constructor(
    code: S3StageErrorCode,
    parts: {
      what: string;
      why: string;
      fix: string;
      url?: string;
      secrets?: readonly (string | undefined)[];
    },
    options?: { cause?: unknown },
  ) {
    super(redactSecrets(`${parts.what}: ${parts.why}. ${parts.fix}`, parts.secrets ?? []), options);
    this.name = 'S3StageError';
    this.code = code;
    if (parts.url) this.url = parts.url;
  }
}

export interface S3ErrorContext {
  /** What was being done, e.g. `uploading s3://bucket/key`. */
  action: string;
  bucket: string;
  url?: string;
  endpoint?: string;
  region?: string;
  secrets?: readonly (string | undefined)[];
}

/** Turns an AWS SDK or network error into an S3StageError with the why and the fix. */
export function toS3StageError(error: unknown, context: S3ErrorContext): S3StageError {
  if (error instanceof S3StageError) return error;
  const e = error as {
    name?: string;
    code?: string;
    message?: string;
    $metadata?: { httpStatusCode?: number };
  };
  const name = e.name ?? '';
  const status = e.$metadata?.httpStatusCode;
  const detail = at((e.message ?? String(error)).split('\n'), 0, 'the first line of the message');
  const where = context.endpoint ? `endpoint ${context.endpoint}` : `region ${context.region ?? '(unset)'}`;
  const what = `S3 stage: ${context.action} failed`;
  const make = (code: S3StageErrorCode, why: string, fix: string) =>
    new S3StageError(code, { what, why, fix, url: context.url, secrets: context.secrets }, { cause: error });

  if (name === 'CredentialsProviderError' || /could not load credentials/i.test(detail)) {
    return make(
      'credentials',
      'no AWS credentials were found (environment, shared config/credentials files, SSO, container or instance role)',
      'Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary keys), or AWS_PROFILE, or run where a role provides them.',
    );
  }
  if (/region is missing/i.test(detail)) {
    return make(
      'region',
      'no AWS region is configured',
      "Set AWS_REGION (or AWS_DEFAULT_REGION) to the bucket's region.",
    );
  }
  if (['InvalidAccessKeyId', 'SignatureDoesNotMatch', 'ExpiredToken', 'InvalidToken'].includes(name)) {
    return make(
      'credentials',
      `S3 rejected the credentials (${name}: ${detail})`,
      'Check AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (or the profile in use); temporary credentials need a current AWS_SESSION_TOKEN.',
    );
  }
  if (name === 'NoSuchBucket' || (status === 404 && !context.url)) {
    return make(
      'bucket-missing',
      `the bucket "${context.bucket}" does not exist at ${where}`,
      `Create it (aws s3 mb s3://${context.bucket}) or set S3_BUCKET to an existing bucket; without a bucket, use the local S3 server.`,
    );
  }
  if (name === 'NoSuchKey' || (status === 404 && context.url)) {
    return make(
      'integrity',
      `the object ${context.url ?? ''} does not exist`,
      'The staged copy is incomplete (removed or expired by a lifecycle rule): stage the file again.',
    );
  }
  if (name === 'AccessDenied' || name === 'Forbidden' || status === 403) {
    return make(
      'access-denied',
      `access to bucket "${context.bucket}" was denied at ${where} (the credentials lack a permission, or belong to another account)`,
      `Allow s3:ListBucket on arn:aws:s3:::${context.bucket} and s3:GetObject/s3:PutObject on its objects for these credentials (also kms:GenerateDataKey/kms:Decrypt if the bucket uses a KMS key).`,
    );
  }
  if (name === 'PermanentRedirect' || status === 301) {
    return make(
      'region',
      `the bucket "${context.bucket}" is in another region than ${context.region ?? 'the configured one'}`,
      "Set AWS_REGION to the bucket's region.",
    );
  }
  if (['ECONNREFUSED', 'ENOTFOUND', 'ECONNRESET', 'ETIMEDOUT', 'EAI_AGAIN'].includes(e.code ?? name)) {
    return make(
      'unreachable',
      `the S3 service at ${where} cannot be reached (${e.code ?? name})`,
      context.endpoint
        ? 'Start the S3 server at that endpoint or fix S3_ENDPOINT.'
        : 'Check the network connection and AWS_REGION.',
    );
  }
  return make(
    'request',
    `${name || 'Error'}${status ? ` (HTTP ${status})` : ''}: ${detail}`,
    'Run again; if it persists, check the bucket and credentials.',
  );
}
