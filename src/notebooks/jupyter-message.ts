import { randomUUID } from 'node:crypto';

/** Jupyter messaging protocol 5.3 (https://jupyter-client.readthedocs.io/en/latest/messaging.html). */
export const PROTOCOL_VERSION = '5.3';

export type MessageHeader = {
  msg_id: string;
  session: string;
  username: string;
  date: string;
  msg_type: string;
  version: string;
};

export type JupyterMessage<Content = Record<string, unknown>> = {
  /** ZeroMQ routing prefix (socket identities before `<IDS|MSG>`); empty for messages we send. */
  identities: Buffer[];
  header: MessageHeader;
  /** The header of the request this message answers, `{}` for requests. */
  parent_header: Partial<MessageHeader>;
  metadata: Record<string, unknown>;
  content: Content;
  buffers: Buffer[];
};

/** A new request message of `msgType` for the client session `session`. */
export function jupyterMessage<Content extends Record<string, unknown>>(
  msgType: string,
  content: Content,
  session: string,
): JupyterMessage<Content> {
  return {
    identities: [],
    header: {
      msg_id: randomUUID(),
      session,
      username: 'etl-workbook',
      date: new Date().toISOString(),
      msg_type: msgType,
      version: PROTOCOL_VERSION,
    },
    parent_header: {},
    metadata: {},
    content,
    buffers: [],
  };
}
