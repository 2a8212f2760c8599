import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import type * as Zmq from 'zeromq';
import { type ConnectionInfo, channelAddress } from './connection-file';
import { decodeMessage } from './decode-message';
import { encodeMessage } from './encode-message';
import { type JupyterMessage, jupyterMessage } from './jupyter-message';
import { raceTimeout } from './race-timeout';

/** A request in flight: its reply on shell/control and the kernel's `idle` status on iopub. */
export type PendingRequest = {
  msgId: string;
  reply: Promise<JupyterMessage>;
  idle: Promise<void>;
};

type Sockets = {
  shell: Zmq.Dealer;
  control: Zmq.Dealer;
  stdin: Zmq.Dealer;
  iopub: Zmq.Subscriber;
  hb: Zmq.Request;
};

/**
 * The client side of the five Jupyter channels over ZeroMQ (the zeromq package tslab itself
 * depends on). Replies are matched to requests by `parent_header.msg_id`; every iopub message is
 * handed to `onIopub`, and `status: idle` resolves the request's `idle` promise.
 */
export class KernelClient {
  readonly session = randomUUID();
  /** Messages that failed to parse or verify (kept for error messages, otherwise ignored). */
  readonly wireErrors: string[] = [];
  private readonly replies = new Map<string, (message: JupyterMessage) => void>();
  private readonly idles = new Map<string, () => void>();
  private readonly sendQueues = new Map<Zmq.Writable, Promise<void>>();
  private closed = false;
  private markClosed = () => {};
  /** Resolves when close() is called: waits race with it so none outlives the client. */
  private readonly whenClosed = new Promise<void>((resolve) => {
    this.markClosed = resolve;
  });

  private constructor(
    private readonly key: string,
    private readonly sockets: Sockets,
    private readonly onIopub: (message: JupyterMessage) => void,
  ) {
    this.pump(sockets.shell, (message) => this.settleReply(message));
    this.pump(sockets.control, (message) => this.settleReply(message));
    this.pump(sockets.iopub, (message) => this.handleIopub(message));
  }

  /** Connects all five channels (ZeroMQ queues what is sent until the kernel has bound). */
  static connect(info: ConnectionInfo, onIopub: (message: JupyterMessage) => void): KernelClient {
    const zmq = loadZeromq();
    const identity = `etl-workbook-${randomUUID()}`;
    const sockets: Sockets = {
      shell: new zmq.Dealer({ linger: 0, routingId: identity }),
      control: new zmq.Dealer({ linger: 0 }),
      stdin: new zmq.Dealer({ linger: 0, routingId: identity }),
      iopub: new zmq.Subscriber({ linger: 0 }),
      hb: new zmq.Request({ linger: 0 }),
    };
    sockets.iopub.subscribe();
    for (const channel of ['shell', 'control', 'stdin', 'iopub', 'hb'] as const) {
      sockets[channel].connect(channelAddress(info, channel));
    }
    return new KernelClient(info.key, sockets, onIopub);
  }

  /** Sends `msgType` on shell or control; the reply and idle promises are set up before sending. */
  request(channel: 'shell' | 'control', msgType: string, content: Record<string, unknown>): PendingRequest {
    if (this.closed) throw new Error(`${msgType} on a closed kernel client`);
    const message = jupyterMessage(msgType, content, this.session);
    const msgId = message.header.msg_id;
    const reply = new Promise<JupyterMessage>((resolve) => this.replies.set(msgId, resolve));
    const idle = new Promise<void>((resolve) => this.idles.set(msgId, resolve));
    this.send(this.sockets[channel], encodeMessage(message, this.key));
    return { msgId, reply, idle };
  }

  /**
   * Resolves with the kernel_info_reply once the kernel answers on shell AND its status messages
   * reach us on iopub (a subscriber misses what is published before its subscription arrives, so
   * executing earlier could lose a cell's first outputs). Resolves undefined when `timeoutMs` ends.
   */
  async waitForReady(timeoutMs: number): Promise<JupyterMessage | undefined> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline && !this.closed) {
      const info = this.request('shell', 'kernel_info_request', {});
      const closed = this.whenClosed.then(() => undefined);
      const reply = await raceTimeout(Promise.race([info.reply, closed]), deadline - Date.now());
      if (!reply.done || !reply.value) return undefined;
      const idle = await raceTimeout(Promise.race([info.idle, closed]), Math.min(500, deadline - Date.now()));
      this.forget(info.msgId);
      if (idle.done && !this.closed) return reply.value;
    }
    return undefined;
  }

  /** Stops tracking a request (its reply or idle will not come, or no longer matters). */
  forget(msgId: string): void {
    this.replies.delete(msgId);
    this.idles.delete(msgId);
  }

  /** Closes every socket; pending receives end. Safe to call twice. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.markClosed();
    for (const socket of Object.values(this.sockets)) socket.close();
  }

  private settleReply(message: JupyterMessage): void {
    const parent = message.parent_header.msg_id;
    const resolve = parent ? this.replies.get(parent) : undefined;
    if (parent && resolve) {
      this.replies.delete(parent);
      resolve(message);
    }
  }

  private handleIopub(message: JupyterMessage): void {
    this.onIopub(message);
    const parent = message.parent_header.msg_id;
    if (message.header.msg_type === 'status' && message.content.execution_state === 'idle' && parent) {
      const resolve = this.idles.get(parent);
      this.idles.delete(parent);
      resolve?.();
    }
  }

  /** ZeroMQ allows one pending send per socket: sends are chained. */
  private send(socket: Zmq.Writable, frames: Buffer[]): void {
    const previous = this.sendQueues.get(socket) ?? Promise.resolve();
    const next = previous
      .then(() => socket.send(frames))
      .catch((error: Error) => {
        if (!this.closed) this.wireErrors.push(`send failed: ${error.message}`);
      });
    this.sendQueues.set(socket, next);
  }

  private async pump(socket: Zmq.Readable, handle: (message: JupyterMessage) => void): Promise<void> {
    try {
      for await (const frames of socket) {
        try {
          handle(decodeMessage(frames, this.key));
        } catch (error) {
          this.wireErrors.push((error as Error).message);
        }
      }
    } catch (error) {
      if (!this.closed) this.wireErrors.push(`receive failed: ${(error as Error).message}`);
    }
  }
}

/** zeromq v6 as tslab brings it (resolved from tslab, so it works whether or not npm hoisted it). */
function loadZeromq(): typeof Zmq {
  return createRequire(require.resolve('tslab/package.json'))('zeromq');
}
