import { S3StageError } from './s3-stage-error';
import { s3Url } from './stage-layout';

/** The error for an object whose stored bytes are not the bytes staged. */
export function integrityError(bucket: string, key: string, why: string): S3StageError {
  return new S3StageError('integrity', {
    what: `S3 stage: the object s3://${bucket}/${key} is corrupt`,
    why: `${why}. Against a non-AWS endpoint this is typically the aws-chunked checksum framing stored as data, when the S3 client was not built with requestChecksumCalculation: 'WHEN_REQUIRED'`,
    fix: 'Use createS3Client (it sets that for custom endpoints) and stage the file again; nothing may be loaded from this copy.',
    url: s3Url(bucket, key),
  });
}
