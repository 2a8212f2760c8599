/** One staged object: a gzip-compressed run of whole CSV records, header first. */
export interface S3StagedPart {
  key: string;
  /** `s3://bucket/key`. */
  url: string;
  /** The part's source byte range [start, end) in the original file. */
  sourceStart: number;
  sourceEnd: number;
  /** Uncompressed bytes in the object (the repeated header included). */
  rawBytes: number;
  /** Stored (compressed) bytes: the object's size and the manifest's content_length. */
  compressedBytes: number;
  /** sha256 and md5 of the stored bytes, computed while uploading. */
  sha256: string;
  md5: string;
}
