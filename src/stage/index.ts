export { createS3Client } from './create-s3-client';
export { type LocalS3, type LocalS3Options, startLocalS3 } from './local-s3';
export { RecordSplitter } from './record-splitter';
export { type RedshiftManifest, type RedshiftManifestEntry, redshiftManifest } from './redshift-manifest';
export {
  describeS3Config,
  resolveS3Config,
  type S3Config,
  type S3ConnectionOptions,
  type S3Credentials,
} from './s3-config';
export { S3Stage, type S3StageOptions } from './s3-stage';
export { S3StageError, type S3StageErrorCode } from './s3-stage-error';
export { S3StagedFile } from './s3-staged-file';
export type { S3StagedPart } from './s3-staged-part';
export { parseS3Url, type StageLayout, s3Url, stageLayout } from './stage-layout';
export type { StageSummary } from './stage-summary';
