import { createHmac } from 'node:crypto';
import type { JupyterMessage } from './jupyter-message';

/** Separates the routing identities from the message proper on the wire. */
export const DELIMITER = Buffer.from('<IDS|MSG>');

/**
 * The HMAC-SHA256 signature (hex) of the four signed frames: header, parent_header, metadata and
 * content, in that order. An empty key means signing is off and the signature is empty.
 */
export function signFrames(key: string, frames: readonly (Buffer | string)[]): string {
  if (!key) return '';
  const hmac = createHmac('sha256', key);
  for (const frame of frames) hmac.update(frame);
  return hmac.digest('hex');
}

/** The multipart ZeroMQ message: identities, `<IDS|MSG>`, signature, the four JSON frames, buffers. */
export function encodeMessage(message: JupyterMessage<object>, key: string): Buffer[] {
  const signed = [message.header, message.parent_header, message.metadata, message.content].map((part) =>
    Buffer.from(JSON.stringify(part)),
  );
  return [
    ...message.identities,
    DELIMITER,
    Buffer.from(signFrames(key, signed)),
    ...signed,
    ...message.buffers,
  ];
}
