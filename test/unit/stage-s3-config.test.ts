import { strict as assert } from 'node:assert';
import { inspect } from 'node:util';
import { createS3Client } from '../../src/stage/create-s3-client';
import { describeS3Config, resolveS3Config } from '../../src/stage/s3-config';
import { type S3StageError, toS3StageError } from '../../src/stage/s3-stage-error';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

describe('S3 stage configuration', () => {
  it('prefers explicit options over the environment, and the environment over defaults', () => {
    const env = {
      S3_BUCKET: 'env-bucket',
      S3_PREFIX: 'env/prefix/',
      S3_ENDPOINT: 'http://127.0.0.1:9000',
      AWS_REGION: 'eu-west-1',
    };
    const fromEnv = resolveS3Config({}, env);
    assert.deepEqual(
      { ...fromEnv },
      {
        bucket: 'env-bucket',
        prefix: 'env/prefix',
        endpoint: 'http://127.0.0.1:9000',
        region: 'eu-west-1',
        forcePathStyle: true,
      },
    );
    const explicit = resolveS3Config({ bucket: 'opt-bucket', prefix: 'p', region: 'us-west-2' }, env);
    assert.equal(explicit.bucket, 'opt-bucket');
    assert.equal(explicit.prefix, 'p');
    assert.equal(explicit.region, 'us-west-2');
    const defaults = resolveS3Config({}, { S3_BUCKET: 'b-1' });
    assert.equal(defaults.prefix, 'etl-workbook');
    assert.equal(defaults.endpoint, undefined);
    assert.equal(defaults.region, undefined, 'left to the SDK (profile config)');
    assert.equal(defaults.forcePathStyle, false);
  });

  it('reads AWS_DEFAULT_REGION and the SDK endpoint variables', () => {
    const config = resolveS3Config({}, { S3_BUCKET: 'b-1', AWS_DEFAULT_REGION: 'ap-south-1' });
    assert.equal(config.region, 'ap-south-1');
    const minio = resolveS3Config({}, { S3_BUCKET: 'b-1', AWS_ENDPOINT_URL_S3: 'http://minio:9000' });
    assert.equal(minio.endpoint, 'http://minio:9000');
    assert.equal(minio.region, 'us-east-1', 'a local server still needs some region');
  });

  it('explains a missing or invalid bucket and a bad endpoint', () => {
    assert.throws(
      () => resolveS3Config({}, {}),
      (error: S3StageError) =>
        error.code === 'config' &&
        /no bucket is configured/.test(error.message) &&
        /S3_BUCKET/.test(error.message),
    );
    assert.throws(() => resolveS3Config({ bucket: 'Bad_Bucket' }, {}), /not a valid bucket name/);
    assert.throws(
      () => resolveS3Config({ bucket: 'b-1', endpoint: 'localhost:9000' }, {}),
      /not an http\(s\) URL/,
    );
  });

  it('never shows explicit credentials when the config is printed or serialized', () => {
    const config = resolveS3Config(
      { bucket: 'b-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: SECRET } },
      {},
    );
    assert.equal(config.credentials?.secretAccessKey, SECRET);
    assert.ok(!JSON.stringify(config).includes(SECRET));
    assert.ok(!inspect(config, { depth: 5 }).includes(SECRET));
    assert.ok(!describeS3Config(config).includes(SECRET));
  });

  it('builds a client with WHEN_REQUIRED checksums and path style for a custom endpoint only', async () => {
    const local = createS3Client(resolveS3Config({ bucket: 'b-1', endpoint: 'http://127.0.0.1:1' }, {}));
    assert.equal(await local.config.requestChecksumCalculation(), 'WHEN_REQUIRED');
    assert.equal(await local.config.responseChecksumValidation(), 'WHEN_REQUIRED');
    assert.equal(local.config.forcePathStyle, true);
    const aws = createS3Client(resolveS3Config({ bucket: 'b-1', region: 'us-east-1' }, {}));
    assert.equal(await aws.config.requestChecksumCalculation(), 'WHEN_SUPPORTED');
    assert.equal(aws.config.forcePathStyle, false);
    local.destroy();
    aws.destroy();
  });
});

describe('S3 stage errors', () => {
  const context = { action: 'uploading s3://b-1/k', bucket: 'b-1', region: 'eu-west-1', secrets: [SECRET] };
  const sdkError = (name: string, status?: number, message = name) =>
    Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });

  it('says what happened, why and how to fix it, per cause', () => {
    const cases: Array<[unknown, string, RegExp]> = [
      [
        sdkError('CredentialsProviderError', undefined, 'Could not load credentials from any providers'),
        'credentials',
        /AWS_ACCESS_KEY_ID/,
      ],
      [sdkError('NoSuchBucket', 404), 'bucket-missing', /bucket "b-1" does not exist.*aws s3 mb s3:\/\/b-1/],
      [sdkError('NotFound', 404), 'bucket-missing', /does not exist/],
      [sdkError('AccessDenied', 403), 'access-denied', /s3:ListBucket/],
      [sdkError('InvalidAccessKeyId', 403), 'credentials', /rejected the credentials/],
      [sdkError('PermanentRedirect', 301), 'region', /AWS_REGION/],
      [
        Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
        'unreachable',
        /cannot be reached/,
      ],
      [new Error('Region is missing'), 'region', /AWS_REGION/],
    ];
    for (const [error, code, text] of cases) {
      const mapped = toS3StageError(error, context);
      assert.equal(mapped.code, code, mapped.message);
      assert.match(mapped.message, text);
      assert.match(mapped.message, /^S3 stage: uploading s3:\/\/b-1\/k failed: /);
    }
  });

  it('reports a missing object as an incomplete staged copy', () => {
    const mapped = toS3StageError(sdkError('NoSuchKey', 404), { ...context, url: 's3://b-1/k' });
    assert.equal(mapped.code, 'integrity');
    assert.match(mapped.message, /s3:\/\/b-1\/k does not exist.*stage the file again/);
  });

  it('never prints a secret, even when the underlying error carries it', () => {
    const mapped = toS3StageError(
      sdkError('SignatureDoesNotMatch', 403, `bad signature for ${SECRET}`),
      context,
    );
    assert.ok(!mapped.message.includes(SECRET), mapped.message);
    assert.match(mapped.message, /\*\*\*/);
  });
});
