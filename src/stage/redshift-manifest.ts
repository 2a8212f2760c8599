import { s3Url } from './stage-layout';

export interface RedshiftManifestEntry {
  url: string;
  mandatory: boolean;
  meta: { content_length: number };
}

export interface RedshiftManifest {
  entries: RedshiftManifestEntry[];
}

/**
 * A Redshift COPY manifest (`COPY … FROM 's3://…/manifest.json' MANIFEST`): one entry per object,
 * `mandatory` so a missing part fails the COPY instead of loading a partial table, and
 * `meta.content_length`, the object's size in bytes (compressed here), which Redshift's own UNLOAD
 * manifests carry, COPY accepts, and Spectrum and columnar loads require.
 */
export function redshiftManifest(
  bucket: string,
  parts: readonly { key: string; compressedBytes: number }[],
): RedshiftManifest {
  return {
    entries: parts.map((part) => ({
      url: s3Url(bucket, part.key),
      mandatory: true,
      meta: { content_length: part.compressedBytes },
    })),
  };
}
