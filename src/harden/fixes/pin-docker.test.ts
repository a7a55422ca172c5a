import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pinDockerfile, pinDockerUses } from './pin-docker.js';
import { parsePinLock } from '../resolve/lock-file.js';

const D1 = `sha256:${'a'.repeat(64)}`;
const D2 = `sha256:${'b'.repeat(64)}`;
const lock = parsePinLock(`image node:20-alpine ${D1}\nimage gcr.io/distroless/nodejs20 ${D2}\nimage alpine:3.19 ${D2}\n`);

test('docker: FROM images pinned by digest, stages, scratch and ARGs left as they are', async () => {
  const before = [
    'ARG BASE=node:20',
    'FROM node:20-alpine AS build',
    'RUN npm ci',
    'FROM build AS test',
    'FROM ${BASE}',
    'FROM scratch',
    `FROM alpine:3.19@${D1}`,
    'FROM --platform=linux/amd64 gcr.io/distroless/nodejs20 AS run',
    'FROM unknown/image:1',
    '',
  ].join('\n');
  const result = await pinDockerfile('Dockerfile', before, lock);
  assert.equal(
    result.text,
    [
      'ARG BASE=node:20',
      `FROM node:20-alpine@${D1} AS build`,
      'RUN npm ci',
      'FROM build AS test',
      'FROM ${BASE}',
      'FROM scratch',
      `FROM alpine:3.19@${D1}`,
      `FROM --platform=linux/amd64 gcr.io/distroless/nodejs20@${D2} AS run`,
      'FROM unknown/image:1',
      '',
    ].join('\n'),
  );
  assert.deepEqual(
    result.skipped.map((skip) => skip.line),
    [5, 9],
  );
  assert.equal((await pinDockerfile('Dockerfile', result.text, lock)).text, result.text);
});

test('docker: docker:// actions pinned by digest', async () => {
  const before = 'jobs:\n  a:\n    steps:\n      - uses: docker://alpine:3.19 # image\n';
  const result = await pinDockerUses('.github/workflows/a.yml', before, lock);
  assert.equal(result.text, `jobs:\n  a:\n    steps:\n      - uses: docker://alpine:3.19@${D2} # image\n`);
});
