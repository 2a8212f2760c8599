import { strict as assert } from 'node:assert';
import { createHmac } from 'node:crypto';
import { decodeMessage, WireFormatError } from '../../src/notebooks/decode-message';
import { DELIMITER, encodeMessage, signFrames } from '../../src/notebooks/encode-message';
import { jupyterMessage, PROTOCOL_VERSION } from '../../src/notebooks/jupyter-message';

const KEY = 'a3f1c2d4-test-key';

describe('notebook runner: Jupyter wire format', () => {
  it('signs header, parent_header, metadata and content with HMAC-SHA256 in that order', () => {
    const message = jupyterMessage('execute_request', { code: '1 + 1' }, 'session-1');
    const frames = encodeMessage(message, KEY);
    assert.deepEqual(frames[0], DELIMITER);
    const signed = frames.slice(2, 6);
    const expected = createHmac('sha256', KEY);
    for (const frame of signed) expected.update(frame);
    assert.equal(frames[1]?.toString(), expected.digest('hex'));
    assert.deepEqual(JSON.parse(String(frames[2])), message.header);
    assert.deepEqual(JSON.parse(String(frames[5])), { code: '1 + 1' });
  });

  it('round-trips a message with routing identities and buffers', () => {
    const message = {
      ...jupyterMessage('stream', { name: 'stdout', text: 'héllo\n' }, 'session-2'),
      identities: [Buffer.from('client-a'), Buffer.from('client-b')],
      parent_header: { msg_id: 'parent-1' },
      buffers: [Buffer.from([1, 2, 3])],
    };
    const decoded = decodeMessage(encodeMessage(message, KEY), KEY);
    assert.deepEqual(decoded.identities.map(String), ['client-a', 'client-b']);
    assert.deepEqual(decoded.header, message.header);
    assert.equal(decoded.header.version, PROTOCOL_VERSION);
    assert.equal(decoded.parent_header.msg_id, 'parent-1');
    assert.deepEqual(decoded.content, { name: 'stdout', text: 'héllo\n' });
    assert.deepEqual(decoded.buffers, [Buffer.from([1, 2, 3])]);
  });

  it('rejects a tampered frame, a wrong key and a missing delimiter', () => {
    const frames = encodeMessage(jupyterMessage('status', { execution_state: 'idle' }, 's'), KEY);
    const tampered = [...frames];
    tampered[5] = Buffer.from(JSON.stringify({ execution_state: 'busy' }));
    assert.throws(() => decodeMessage(tampered, KEY), /invalid HMAC signature/);
    assert.throws(() => decodeMessage(frames, 'other-key'), WireFormatError);
    assert.throws(() => decodeMessage(frames.slice(1), KEY), /without the <IDS\|MSG> delimiter/);
    assert.throws(() => decodeMessage(frames.slice(0, 4), KEY), /need 5/);
  });

  it('leaves the signature empty and skips verification when the key is empty', () => {
    const frames = encodeMessage(jupyterMessage('kernel_info_request', {}, 's'), '');
    assert.equal(frames[1]?.length, 0);
    assert.equal(signFrames('', ['x']), '');
    assert.equal(decodeMessage(frames, '').header.msg_type, 'kernel_info_request');
  });

  it('names the broken part when a frame is not JSON', () => {
    const frames = encodeMessage(jupyterMessage('status', {}, 's'), '');
    frames[4] = Buffer.from('{not json');
    assert.throws(() => decodeMessage(frames, ''), /frame 3 after the signature is not JSON/);
  });
});
