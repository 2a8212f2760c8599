import { rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { createS3Client } from '../../src/stage/create-s3-client';
import { type LocalS3, startLocalS3 } from '../../src/stage/local-s3';
import { resolveS3Config } from '../../src/stage/s3-config';

export interface TestS3 extends LocalS3 {
  /** A client built the way the stage builds it (WHEN_REQUIRED checksums, path style). */
  client: S3Client;
  /** Counts of commands sent through `client`, by name (e.g. `PutObjectCommand`). */
  commands: Map<string, number>;
}

/**
 * An s3rver on loopback with its data in a fresh temp folder and one bucket; `close()` stops it
 * and removes the folder.
 */
export async function startTestS3(bucket = 'test-stage'): Promise<TestS3> {
  const dir = await mkdtemp(join(tmpdir(), 'etl-s3-'));
  const server = await startLocalS3({ dir, bucket });
  const client = createS3Client(
    resolveS3Config({ bucket, endpoint: server.endpoint, credentials: server.credentials }, {}),
  );
  const commands = countCommands(client);
  return {
    ...server,
    client,
    commands,
    async close() {
      client.destroy();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Adds a middleware counting every command sent through the client. */
export function countCommands(client: S3Client): Map<string, number> {
  const counts = new Map<string, number>();
  client.middlewareStack.add(
    (next, context) => (args) => {
      const name = context.commandName ?? 'unknown';
      counts.set(name, (counts.get(name) ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize', name: 'countCommands' },
  );
  return counts;
}
