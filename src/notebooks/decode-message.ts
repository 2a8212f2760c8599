import { timingSafeEqual } from 'node:crypto';
import { DELIMITER, signFrames } from './encode-message';
import type { JupyterMessage } from './jupyter-message';

/** A multipart message that is not a valid, correctly signed Jupyter message. */
export class WireFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WireFormatError';
  }
}

/** Parses a received multipart message and checks its signature against `key`. */
export function decodeMessage(frames: readonly Buffer[], key: string): JupyterMessage {
  const at = frames.findIndex((frame) => frame.equals(DELIMITER));
  if (at < 0) throw new WireFormatError('message without the <IDS|MSG> delimiter');
  const signature = frames[at + 1];
  const signed = frames.slice(at + 2, at + 6);
  if (!signature || signed.length < 4) {
    throw new WireFormatError(`message with ${frames.length - at - 1} frames after the delimiter, need 5`);
  }
  if (key) {
    const expected = Buffer.from(signFrames(key, signed));
    if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) {
      throw new WireFormatError('message with an invalid HMAC signature');
    }
  }
  const [header, parent, metadata, content] = signed.map((frame, index) => {
    try {
      return JSON.parse(frame.toString('utf8'));
    } catch {
      throw new WireFormatError(`frame ${index + 1} after the signature is not JSON`);
    }
  });
  if (typeof header?.msg_type !== 'string' || typeof header?.msg_id !== 'string') {
    throw new WireFormatError('message header without msg_type or msg_id');
  }
  return {
    identities: frames.slice(0, at),
    header,
    parent_header: parent ?? {},
    metadata: metadata ?? {},
    content: content ?? {},
    buffers: frames.slice(at + 6),
  };
}
