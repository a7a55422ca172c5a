// #15: the CommonJS CLI bundle runs through V8's code cache kept in the user's cache directory
// (code-cache.cjs). Each case runs a small bundle in a child process, since the cache is written
// as the process exits.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const loader = fileURLToPath(new URL('./code-cache.cjs', import.meta.url));

/** A bundle as scripts/bundle-cli.mjs writes one: the SHA-256 of the rest in the first line. */
function writeBundle(dir: string, body: string): string {
  const file = join(dir, 'main.cjs');
  writeFileSync(file, `// vigil-bundle ${createHash('sha256').update(body).digest('hex')}\n${body}`);
  return file;
}

/** What the bundle computes, computed here too: a stale cache would answer with the other factor. */
const expected = (factor: number) => Array.from({ length: 50 }, (_, i) => i * factor).join(',').length;
const BODY = "'use strict';\nexports.start = () => { process.stdout.write(JSON.stringify({ file: __filename, sep: require('node:path').sep, big: Array.from({ length: 50 }, (_, i) => i * 2).join(',').length })); };\n";

function run(bundle: string, cache: string, extraEnv: Record<string, string> = {}, command = 'review') {
  const result = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(loader)}).loadBundle(${JSON.stringify(bundle)}).start()`, 'vigil', command], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: cache, XDG_CACHE_HOME: cache, ...extraEnv } });
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout) as { file: string; sep: string; big: number };
}

function setup(t: { after(fn: () => void): void }): { work: string; cache: string; dir: string } {
  const work = mkdtempSync(join(tmpdir(), 'vigil-code-cache-'));
  t.after(() => rmSync(work, { recursive: true, force: true }));
  return { work, cache: join(work, 'cache'), dir: join(work, 'cache', 'vigil', 'compile-cache') };
}

test('the first run keeps the compiled code (0700 directory, 0600 file, one per command); the next runs read it and leave it alone', (t) => {
  const { work, cache, dir } = setup(t);
  const bundle = writeBundle(work, BODY);
  assert.deepEqual(run(bundle, cache), { file: bundle, sep: '/', big: expected(2) });
  const [name, ...others] = readdirSync(dir);
  assert.deepEqual(others, []);
  assert.match(name!, new RegExp(`^[0-9a-f]{32}-${process.version}-${process.arch}-review\\.cache$`));
  assert.equal(statSync(dir).mode & 0o777, 0o700);
  const file = join(dir, name!);
  assert.equal(statSync(file).mode & 0o777, 0o600);
  const before = statSync(file);
  assert.deepEqual(run(bundle, cache), { file: bundle, sep: '/', big: expected(2) });
  const after = statSync(file);
  assert.equal(after.ino, before.ino, 'an accepted cache is not rewritten');
  // A file in use is touched once a day (so another bundle's write keeps it).
  const twoDaysAgo = new Date(Date.now() - 2 * 24 * 60 * 60 * 1000);
  utimesSync(file, twoDaysAgo, twoDaysAgo);
  run(bundle, cache);
  assert.ok(Date.now() - statSync(file).mtimeMs < 60 * 60 * 1000, 'touched');
  assert.equal(statSync(file).ino, before.ino);
  run(bundle, cache, {}, '--version');
  assert.deepEqual(readdirSync(dir).map((entry) => entry.split('-').pop()).sort(), ['other.cache', 'review.cache']);
});

test('a rebuilt bundle gets its own cache; files of other bundles unused for a week are removed; a corrupt cache is rejected by V8 and rewritten', (t) => {
  const { work, cache, dir } = setup(t);
  const bundle = writeBundle(work, BODY);
  run(bundle, cache);
  const [old] = readdirSync(dir);
  // Same length, other content: V8 alone would accept the old code (it checks the source's length).
  const other = join(work, 'other');
  mkdirSync(other);
  const changed = writeBundle(other, BODY.replace('i * 2', 'i * 3'));
  assert.equal(run(changed, cache).big, expected(3));
  // Two bundles in use in turn keep both files (neither is rewritten at every start).
  assert.equal(readdirSync(dir).length, 2);
  const oldStats = statSync(join(dir, old!));
  assert.equal(run(bundle, cache).big, expected(2));
  assert.equal(statSync(join(dir, old!)).ino, oldStats.ino);
  // Unused for eight days: removed when another bundle next writes its file.
  const eightDaysAgo = new Date(Date.now() - 8 * 24 * 60 * 60 * 1000);
  utimesSync(join(dir, old!), eightDaysAgo, eightDaysAgo);
  for (const name of readdirSync(dir)) if (name !== old) rmSync(join(dir, name));
  assert.equal(run(changed, cache).big, expected(3));
  const [current, ...rest] = readdirSync(dir);
  assert.deepEqual(rest, []);
  assert.notEqual(current, old);
  writeFileSync(join(dir, current!), Buffer.alloc(4096, 7), { mode: 0o600 });
  assert.equal(run(changed, cache).big, expected(3));
  assert.notEqual(statSync(join(dir, current!)).size, 4096, 'the rejected data was replaced');
});

test('no cache when the directory is writable by others, when turned off, or for a file without the header', (t) => {
  const { work, cache, dir } = setup(t);
  const bundle = writeBundle(work, BODY);
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o777);
  run(bundle, cache);
  assert.deepEqual(readdirSync(dir), []);
  chmodSync(dir, 0o700);
  run(bundle, cache, { NODE_DISABLE_COMPILE_CACHE: '1' });
  assert.deepEqual(readdirSync(dir), []);
  const plain = join(work, 'plain.cjs');
  writeFileSync(plain, BODY);
  assert.equal(run(plain, cache).big, expected(2));
  assert.deepEqual(readdirSync(dir), []);
});

test("no folder is created below a directory of another user's (`sudo vigil` with the user's HOME)", { skip: process.getuid?.() !== 0 ? 'needs root to own files as another user' : false }, (t) => {
  const { work, cache } = setup(t);
  const bundle = writeBundle(work, BODY);
  mkdirSync(cache);
  chownSync(cache, 65534, 65534);
  run(bundle, cache);
  assert.deepEqual(readdirSync(cache), []);
});
