import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareGeneric } from './versions.js';
import { normaliseForNvd } from './normalise.js';

test('OpenSSL letter releases order after their base release and by letter', () => {
  const ordered = ['1.1.0l', '1.1.1', '1.1.1a', '1.1.1s', '1.1.1t', '1.1.1w', '1.1.2', '3.0.0-alpha1', '3.0.0', '3.0.10', '3.0.12'];
  for (let index = 1; index < ordered.length; index++) {
    assert.equal(compareGeneric(ordered[index - 1] as string, ordered[index] as string), -1, `${ordered[index - 1]} < ${ordered[index]}`);
    assert.equal(compareGeneric(ordered[index] as string, ordered[index - 1] as string), 1);
  }
  assert.equal(compareGeneric('1.0.2zg', '1.0.2z'), 1);
});

test('missing trailing zeros are equal; build metadata is ignored', () => {
  assert.equal(compareGeneric('1.2', '1.2.0'), 0);
  assert.equal(compareGeneric('3.0.10+quic', '3.0.10'), 0);
  assert.equal(compareGeneric('v20.5.1', '20.5.1'), 0);
  assert.equal(compareGeneric('1.2.13.1', '1.2.13'), 1);
});

test('per-dependency normalisation: quictls, Chromium zlib (a fork), V8 embedder suffix', () => {
  assert.deepEqual(normaliseForNvd('openssl', 'openssl', '3.0.10+quic'), {
    version: '3.0.10',
    fork: 'quictls (OpenSSL with QUIC patches): matched against OpenSSL ranges',
  });
  const zlib = normaliseForNvd('zlib', 'zlib', '1.2.13.1-motley');
  assert.equal(zlib.version, '1.2.13.1');
  assert.match(zlib.fork ?? '', /Chromium zlib fork/);
  assert.deepEqual(normaliseForNvd('google', 'v8', '11.3.244.8-node.10'), { version: '11.3.244.8', fork: null });
});
