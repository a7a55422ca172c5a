import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { projectRoot, sharedFixtures } from '../../test/fixtures.js';
import { addSecret, clearSecrets } from './redact.js';
import { createStandardOutput, type StandardName, type StandardSystem } from './stdio.js';

type Kind = 'file' | 'fifo' | 'socket' | 'tty' | 'null' | 'other-device';

/** A system whose descriptors are of `kinds`, recording what reaches them and Node's streams. */
function fakeSystem(kinds: Record<1 | 2, Kind>, writeSync: StandardSystem['writeSync'] = (_fd, bytes, offset) => bytes.length - offset) {
  const direct: { fd: number; text: string }[] = [];
  const streamed: { name: StandardName; text: string }[] = [];
  const made: StandardName[] = [];
  const exits: number[] = [];
  const system: StandardSystem = {
    fstat: (fd) => {
      const kind = kinds[fd as 1 | 2];
      return {
        isFile: () => kind === 'file',
        isFIFO: () => kind === 'fifo',
        isSocket: () => kind === 'socket',
        isCharacterDevice: () => kind === 'tty' || kind === 'null' || kind === 'other-device',
        rdev: kind === 'null' ? 259 : kind === 'tty' ? 34816 : kind === 'other-device' ? 260 : 0,
      };
    },
    devNull: () => ({ rdev: 259 }),
    writeSync: (fd, bytes, offset) => {
      const written = writeSync(fd, bytes, offset);
      direct.push({ fd, text: Buffer.from(bytes.subarray(offset, offset + written)).toString('utf8') });
      return written;
    },
    stream: (name) => {
      if (!made.includes(name)) made.push(name);
      return { isTTY: kinds[name === 'stdout' ? 1 : 2] === 'tty', columns: 100, write: (chunk: string | Uint8Array) => streamed.push({ name, text: String(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')) }) > 0 } as unknown as NodeJS.WriteStream;
    },
    exit: ((code: number) => {
      exits.push(code);
    }) as StandardSystem['exit'],
  };
  return { system, direct, streamed, made, exits };
}

test('until the CLI turns direct writes on, every write goes to Node stream', () => {
  const fake = fakeSystem({ 1: 'fifo', 2: 'file' });
  const output = createStandardOutput(fake.system);
  output.stream('stdout').write('result\n');
  assert.deepEqual(fake.streamed, [{ name: 'stdout', text: 'result\n' }]);
  assert.deepEqual(fake.direct, []);
});

test('a pipe, a file, a socket and /dev/null are written directly, without creating a stream, and are no terminal', { skip: process.platform === 'win32' }, () => {
  for (const kind of ['fifo', 'file', 'socket', 'null'] as const) {
    const fake = fakeSystem({ 1: kind, 2: kind });
    const output = createStandardOutput(fake.system);
    output.writeDirectly();
    assert.equal(output.stream('stdout').isTTY, false, kind);
    assert.equal(output.stream('stderr').columns, undefined, kind);
    output.stream('stdout').write('{"a": 1}\n');
    output.stream('stderr').write('warning: x\n');
    assert.deepEqual(fake.direct, [{ fd: 1, text: '{"a": 1}\n' }, { fd: 2, text: 'warning: x\n' }], kind);
    assert.deepEqual(fake.made, [], kind);
  }
});

test('a terminal or another device gets Node stream, colours and width included', { skip: process.platform === 'win32' }, () => {
  const fake = fakeSystem({ 1: 'tty', 2: 'other-device' });
  const output = createStandardOutput(fake.system);
  output.writeDirectly();
  assert.equal(output.stream('stdout').isTTY, true);
  assert.equal(output.stream('stdout').columns, 100);
  output.stream('stderr').write('line\n');
  assert.deepEqual(fake.direct, []);
  assert.deepEqual(fake.streamed, [{ name: 'stderr', text: 'line\n' }]);
});

test('direct writes are redacted as the streams are', { skip: process.platform === 'win32' }, () => {
  const fake = fakeSystem({ 1: 'fifo', 2: 'fifo' });
  const output = createStandardOutput(fake.system);
  output.writeDirectly();
  addSecret('s3cr3t-token-value');
  try {
    output.stream('stdout').write('token s3cr3t-token-value and ghp_0123456789abcdefghijABCDEFGHIJ012345\n');
  } finally {
    clearSecrets();
  }
  assert.equal(fake.direct.length, 1);
  assert.doesNotMatch(fake.direct[0]?.text ?? '', /s3cr3t-token-value|ghp_0123/);
});

test('a short write is finished; a full non-blocking pipe hands the rest and every later write to the stream', { skip: process.platform === 'win32' }, () => {
  let calls = 0;
  const fake = fakeSystem({ 1: 'fifo', 2: 'fifo' }, (_fd, _bytes, _offset) => {
    calls++;
    if (calls === 1) return 3;
    if (calls === 2) return 2;
    throw Object.assign(new Error('EAGAIN: resource temporarily unavailable, write'), { code: 'EAGAIN' });
  });
  const output = createStandardOutput(fake.system);
  output.writeDirectly();
  output.stream('stdout').write('abcdefghij');
  output.stream('stdout').write('next');
  assert.deepEqual(fake.direct, [{ fd: 1, text: 'abc' }, { fd: 1, text: 'de' }]);
  assert.deepEqual(fake.streamed, [{ name: 'stdout', text: 'fghij' }, { name: 'stdout', text: 'next' }]);
});

test('a closed reader ends the process quietly with 0 on stdout, and loses only the line on stderr', { skip: process.platform === 'win32' }, () => {
  const epipe = () => {
    throw Object.assign(new Error('EPIPE: broken pipe, write'), { code: 'EPIPE' });
  };
  const fake = fakeSystem({ 1: 'fifo', 2: 'fifo' }, epipe);
  const output = createStandardOutput(fake.system);
  output.writeDirectly();
  assert.equal(output.stream('stderr').write('warning\n'), false);
  assert.deepEqual(fake.exits, []);
  output.stream('stdout').write('result\n');
  assert.deepEqual(fake.exits, [0]);
  assert.deepEqual(fake.streamed, []);
});

test('once Node stream exists it takes every later write, so nothing is reordered', { skip: process.platform === 'win32' }, () => {
  const fake = fakeSystem({ 1: 'fifo', 2: 'fifo' });
  const output = createStandardOutput(fake.system);
  output.writeDirectly();
  output.stream('stdout').write('one\n');
  output.streamCreated('stdout');
  output.stream('stdout').write('two\n');
  output.stream('stderr').write('three\n');
  assert.deepEqual(fake.direct, [{ fd: 1, text: 'one\n' }, { fd: 2, text: 'three\n' }]);
  assert.deepEqual(fake.streamed, [{ name: 'stdout', text: 'two\n' }]);
});

// The CLI itself, from the sources, as a user runs it.
const cli = [process.execPath, '--import', import.meta.resolve('tsx'), join(projectRoot, 'src', 'cli', 'main.ts')];
const tree = join(sharedFixtures, 'node-tree');
const env = { ...process.env, NO_COLOR: '1' };
/** An inventory without the times that differ between runs. */
const strip = (text: string) => text.replace(/"(generatedAt|timestamp)": "[^"]*"/g, '');

test('the CLI writes the same result to a file, a pipe and a closed pipe (exit 0, nothing on stderr)', { skip: process.platform === 'win32' }, async () => {
  const piped = spawnSync(cli[0] as string, [...cli.slice(1), 'inventory', tree, '--format', 'json'], { env, encoding: 'utf8', maxBuffer: 1 << 28 });
  assert.equal(piped.status, 0, piped.stderr);
  const file = join(mkdtempSync(join(tmpdir(), 'vigil-stdio-')), 'out.json');
  const fd = openSync(file, 'w');
  const toFile = spawnSync(cli[0] as string, [...cli.slice(1), 'inventory', tree, '--format', 'json'], { env, stdio: ['ignore', fd, 'pipe'], encoding: 'utf8' });
  closeSync(fd);
  assert.equal(toFile.status, 0, toFile.stderr);
  assert.equal(strip(readFileSync(file, 'utf8')), strip(piped.stdout));
  // More than a pipe holds, with a reader that goes away after the first chunk (`| head -c 1`).
  assert.ok(piped.stdout.length > 1 << 17, 'the inventory is larger than a pipe buffer');
  const closed = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const child = spawn(cli[0] as string, [...cli.slice(1), 'inventory', tree, '--format', 'json'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    child.stdout.once('data', () => child.stdout.destroy());
    child.on('close', (code) => resolve({ code, stderr }));
  });
  assert.deepEqual(closed, { code: 0, stderr: '' });
});

test('a non-blocking pipe that fills up (EAGAIN) loses nothing: the stream takes over and waits', { skip: process.platform === 'win32' }, async () => {
  const expected = spawnSync(cli[0] as string, [...cli.slice(1), 'inventory', tree, '--format', 'json'], { env, encoding: 'utf8', maxBuffer: 1 << 28 });
  // A FIFO opened non-blocking as the child's stdout, read only after a while: the first write of
  // more than the pipe holds gets EAGAIN.
  const fifo = join(mkdtempSync(join(tmpdir(), 'vigil-stdio-')), 'out');
  execFileSync('mkfifo', [fifo]);
  const reader = new Socket({ fd: openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK), readable: true, writable: false });
  reader.pause();
  const writer = openSync(fifo, constants.O_RDWR | constants.O_NONBLOCK);
  const child = spawn(cli[0] as string, [...cli.slice(1), 'inventory', tree, '--format', 'json'], { env, stdio: ['ignore', writer, 'pipe'] });
  closeSync(writer);
  let stderr = '';
  child.stderr?.on('data', (chunk) => (stderr += String(chunk)));
  const chunks: Buffer[] = [];
  await new Promise((resolve) => setTimeout(resolve, 1500));
  reader.on('data', (chunk: Buffer) => chunks.push(chunk));
  reader.resume();
  const [code] = await Promise.all([new Promise((resolve) => child.on('close', resolve)), new Promise((resolve) => reader.on('end', resolve))]);
  assert.deepEqual({ code, stderr }, { code: 0, stderr: '' });
  assert.equal(strip(Buffer.concat(chunks).toString('utf8')), strip(expected.stdout));
});
