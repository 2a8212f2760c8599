import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { projectRoot } from '../paths/project-root';
import type { S3Credentials } from './s3-config';
import { LOCAL_S3_BUCKET } from './stage-defaults';

export interface LocalS3Options {
  /** Where objects live on disk; default `<project root>/.warehouse/s3`. */
  dir?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Created if missing; default `etl-workbook`. */
  bucket?: string;
}

export interface LocalS3 {
  endpoint: string;
  bucket: string;
  /** s3rver's fixed, public test key pair (S3RVER / S3RVER), not a secret. */
  credentials: S3Credentials;
  dir: string;
  close(): Promise<void>;
}

/** The part of s3rver's API used here (the package ships no types). */
interface S3rverServer {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverConstructor = new (options: {
  address: string;
  port: number;
  directory: string;
  silent: boolean;
  configureBuckets: { name: string }[];
}) => S3rverServer;

/**
 * Starts s3rver on loopback with its data on disk (so staged files survive restarts and the
 * unchanged-file skip works across runs) and the bucket created: an S3 to stage into when no
 * bucket is configured. Only on 127.0.0.1: it accepts the public S3RVER key pair.
 */
export async function startLocalS3(options: LocalS3Options = {}): Promise<LocalS3> {
  const dir = options.dir ?? join(projectRoot(), '.warehouse', 's3');
  const bucket = options.bucket ?? LOCAL_S3_BUCKET;
  mkdirSync(dir, { recursive: true });
  // Loaded on demand: s3rver pulls in koa and friends, which only this path needs.
  const S3rver = require('s3rver') as S3rverConstructor;
  const server = new S3rver({
    address: '127.0.0.1',
    port: options.port ?? 0,
    directory: dir,
    silent: true,
    configureBuckets: [{ name: bucket }],
  });
  const { port } = await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    dir,
    close: () => server.close(),
  };
}
