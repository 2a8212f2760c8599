import { S3Client } from '@aws-sdk/client-s3';
import type { S3Config } from './s3-config';

/**
 * An S3 client for the stage. Against a non-AWS endpoint (s3rver, MinIO) checksums are computed
 * and validated only when an operation requires them: with the SDK's default (WHEN_SUPPORTED) a
 * streamed upload is sent with aws-chunked framing that s3rver stores as part of the object,
 * silently corrupting it. Path-style addressing there too: local servers have no
 * `<bucket>.host` names.
 */
export function createS3Client(config: S3Config): S3Client {
  const custom = config.endpoint !== undefined;
  return new S3Client({
    ...(config.region ? { region: config.region } : {}),
    ...(custom ? { endpoint: config.endpoint } : {}),
    forcePathStyle: config.forcePathStyle,
    ...(config.credentials ? { credentials: config.credentials } : {}),
    ...(custom
      ? { requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' }
      : {}),
  });
}
