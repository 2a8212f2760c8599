import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { at } from '../common/at';

/** The Jupyter connection file a kernel is started with (ports it binds, HMAC key). */
export type ConnectionInfo = {
  transport: 'tcp';
  ip: string;
  shell_port: number;
  iopub_port: number;
  stdin_port: number;
  control_port: number;
  hb_port: number;
  key: string;
  signature_scheme: 'hmac-sha256';
  kernel_name: string;
};

export type Channel = 'shell' | 'iopub' | 'stdin' | 'control' | 'hb';

/**
 * Writes a connection file (mode 0600: it holds the HMAC key) with five free loopback ports and a
 * random key. The ports are found by binding port 0 and released just before the kernel binds
 * them, the same small race jupyter_client accepts.
 */
export async function writeConnectionFile(path: string, kernelName = 'tslab'): Promise<ConnectionInfo> {
  const ports = await freeLoopbackPorts(5);
  const port = (index: number) => at(ports, index, 'a free port');
  const info: ConnectionInfo = {
    transport: 'tcp',
    ip: '127.0.0.1',
    shell_port: port(0),
    iopub_port: port(1),
    stdin_port: port(2),
    control_port: port(3),
    hb_port: port(4),
    key: randomBytes(32).toString('hex'),
    signature_scheme: 'hmac-sha256',
    kernel_name: kernelName,
  };
  await writeFile(path, `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
  return info;
}

/** `tcp://127.0.0.1:<port>` of one channel. */
export function channelAddress(info: ConnectionInfo, channel: Channel): string {
  return `${info.transport}://${info.ip}:${info[`${channel}_port`]}`;
}

async function freeLoopbackPorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    const ports: number[] = [];
    for (let i = 0; i < count; i++) {
      const server = createServer();
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolve());
      });
      const address = server.address();
      if (!address || typeof address === 'string') throw new Error('could not read a free port');
      ports.push(address.port);
    }
    return ports;
  } finally {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  }
}
