export interface StageLayout {
  /** `<prefix>/<dataset>/<table>/<content-hash>/`: everything staged for one file version. */
  folder: string;
  manifestKey: string;
  /** Our own record of the staging (hashes, header, part ranges); Redshift never reads it. */
  recordKey: string;
  partKey(index: number): string;
}

/**
 * Object keys of a staged file: `<prefix>/<dataset>/<table>/<content-hash>/part-NNNN.csv.gz` and
 * `manifest.json` next to the parts. The content hash makes a staged version immutable: a changed
 * file lands in a new folder, an unchanged one finds its manifest and is not uploaded again.
 */
export function stageLayout(
  prefix: string,
  dataset: string,
  table: string,
  contentHash: string,
): StageLayout {
  const segments = [...prefix.split('/').filter(Boolean), dataset, table, contentHash];
  for (const segment of segments.slice(-3)) checkSegment(segment);
  const folder = `${segments.join('/')}/`;
  return {
    folder,
    manifestKey: `${folder}manifest.json`,
    recordKey: `${folder}stage.json`,
    partKey: (index) => `${folder}part-${String(index + 1).padStart(4, '0')}.csv.gz`,
  };
}

/** `s3://bucket/key`, the form Redshift's COPY and its manifests take. */
export function s3Url(bucket: string, key: string): string {
  return `s3://${bucket}/${key}`;
}

/** Parses `s3://bucket/key`. */
export function parseS3Url(url: string): { bucket: string; key: string } {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(url);
  const [, bucket, key] = match ?? [];
  if (!bucket || !key) throw new Error(`not an s3://bucket/key URL: ${url}`);
  return { bucket, key };
}

function checkSegment(segment: string): void {
  const control = [...segment].some((char) => char.charCodeAt(0) < 0x20);
  if (!segment || segment === '.' || segment === '..' || /[/\\]/.test(segment) || control) {
    throw new Error(
      `"${segment}" cannot be part of an S3 key (empty, a dot path, a slash or a control character): name the dataset and table with plain words`,
    );
  }
}
