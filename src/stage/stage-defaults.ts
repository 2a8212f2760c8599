/**
 * Uncompressed input per staged part: ~10-20 MB of gzip each, inside AWS's 1 MB-1 GB advice for
 * files a Redshift COPY reads in parallel. Here, not in s3-stage.ts, so `--dry-run` can compute the
 * same parts without loading the AWS SDK.
 */
export const DEFAULT_PART_SIZE_BYTES = 64 * 1024 * 1024;

/** The bucket the local S3 server (s3rver) creates when no S3_BUCKET is set. */
export const LOCAL_S3_BUCKET = 'etl-workbook';
