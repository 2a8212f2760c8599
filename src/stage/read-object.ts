import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { type ObjectDigest, ObjectHasher } from './object-hasher';

/** The stored bytes of an object, as a Node stream. */
export async function readObject(client: S3Client, bucket: string, key: string): Promise<Readable> {
  const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  if (!response.Body) throw new Error(`GetObject returned no body for s3://${bucket}/${key}`);
  return response.Body as Readable;
}

/** Reads an object back and hashes what S3 actually stores. */
export async function digestObject(client: S3Client, bucket: string, key: string): Promise<ObjectDigest> {
  const hasher = new ObjectHasher();
  await pipeline(await readObject(client, bucket, key), hasher.resume());
  return hasher.digest();
}

/** Reads a small object (manifest, stage.json) as text; undefined if it does not exist. */
export async function readSmallObject(
  client: S3Client,
  bucket: string,
  key: string,
): Promise<string | undefined> {
  try {
    const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return await response.Body?.transformToString('utf8');
  } catch (error) {
    const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
    if (e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404)
      return undefined;
    throw error;
  }
}
