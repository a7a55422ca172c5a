import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import * as tar from 'tar';
import { startFakeUpstream } from '../../../test/fake-upstream.js';
import { fixture, projectRoot } from '../../../test/fixtures.js';
import { startTestServer, type TestServer } from '../../../test/http-server.js';
import { sha256 } from '../../updates/apply/checksum.js';

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });

describe('vigil updates apply on release archives', () => {
  const home = mkdtempSync(join(tmpdir(), 'vigil-apply-cli-'));
  const clone = mkdtempSync(join(tmpdir(), 'vigil-apply-clone-'));
  const files = new Map<string, Buffer>();
  let upstream: Awaited<ReturnType<typeof startFakeUpstream>>;
  let downloads: TestServer;

  before(async () => {
    const work = mkdtempSync(join(tmpdir(), 'vigil-release-'));
    for (const [top, path, text] of [
      ['c-ares-1.34.5', 'include/ares_version.h', '#define ARES_VERSION_STR "1.34.5"\n'],
      ['nghttp2-1.64.0', 'lib/includes/nghttp2/nghttp2ver.h', '#define NGHTTP2_VERSION "1.64.0"\n'],
    ] as const) {
      mkdirSync(join(work, top, path, '..'), { recursive: true });
      writeFileSync(join(work, top, path), text);
      await tar.c({ gzip: true, file: join(work, `${top}.tar.gz`), cwd: work, portable: true }, [top]);
    }
    files.set('/c-ares/c-ares/releases/download/v1.34.5/c-ares-1.34.5.tar.gz', readFileSync(join(work, 'c-ares-1.34.5.tar.gz')));
    files.set('/nghttp2/nghttp2/releases/download/v1.64.0/nghttp2-1.64.0.tar.gz', readFileSync(join(work, 'nghttp2-1.64.0.tar.gz')));
    // The published checksum is for other bytes: nghttp2 must be refused, c-ares still applied.
    files.set('/nghttp2/nghttp2/releases/download/v1.64.0/checksums.txt', Buffer.from(`${sha256(Buffer.from('other bytes'))}  nghttp2-1.64.0.tar.gz\n`));
    downloads = await startTestServer([{ method: 'GET', path: '/:path*', handler: ({ url }) => (files.has(url.pathname) ? { body: files.get(url.pathname) } : { status: 404, body: 'Not Found' }) }]);
    upstream = await startFakeUpstream({ releases: { 'c-ares/c-ares': [{ tag: 'cares-1_19_1' }, { tag: 'v1.34.5' }], 'nghttp2/nghttp2': [{ tag: 'v1.55.1' }, { tag: 'v1.64.0' }] } });
    cpSync(fixture('node-tree'), clone, { recursive: true, filter: (source) => !source.includes('_supplement') });
    git(clone, 'init', '-q', '-b', 'main');
    git(clone, 'add', '-A');
    git(clone, 'commit', '-q', '-m', 'v20.5.1');
  });
  after(async () => {
    await upstream.close();
    await downloads.close();
    rmSync(home, { recursive: true, force: true });
    rmSync(clone, { recursive: true, force: true });
  });
  const cli = async (...args: string[]) => {
    const env = { ...process.env, NO_COLOR: '1', XDG_CACHE_HOME: home, XDG_CONFIG_HOME: home, VIGIL_DB: join(home, 'none.db'), VIGIL_GITHUB_API_URL: upstream.url, GITHUB_TOKEN: '' };
    try {
      const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'updates', 'apply', ...args, '--root', clone, '--mirror', downloads.url, '--no-cache'], { cwd: projectRoot, encoding: 'utf8', env });
      return { status: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { status: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  };

  it('dry run: shows the archive URL, the checksum it is checked against and what Node keeps; writes nothing', async () => {
    const head = git(clone, 'rev-parse', 'HEAD');
    const result = await cli('c-ares', 'nghttp2', 'ngtcp2');
    // The fake upstream has no ngtcp2: asking failed, which is said on stderr and exit 2, never 0 (#20).
    assert.equal(result.status, 2, result.stderr);
    assert.match(result.stderr, /ngtcp2: upstream status unknown: .*ngtcp2\/ngtcp2.*answered 404/);
    assert.equal((await cli('c-ares', 'nghttp2')).status, 0);
    assert.match(result.stdout, new RegExp(`c-ares: 1\\.19\\.1 → 1\\.34\\.5, replace deps/cares from ${downloads.url}/c-ares/c-ares/releases/download/v1\\.34\\.5/c-ares-1\\.34\\.5\\.tar\\.gz \\(no published checksum; keeps config, \\.gitignore, cares\\.gyp`));
    assert.match(result.stdout, /nghttp2: 1\.55\.1 → 1\.64\.0, .*checked against .*\/v1\.64\.0\/checksums\.txt/);
    assert.match(result.stdout, /ngtcp2: skipped — /);
    assert.match(result.stdout, /dry run: nothing written/);
    assert.equal(git(clone, 'rev-parse', 'HEAD'), head);
  });

  it('--yes: applies c-ares, refuses nghttp2 on the checksum mismatch (exit 2), the tree left clean', async () => {
    const result = await cli('c-ares', 'nghttp2', '--yes');
    assert.equal(result.status, 2, result.stderr);
    assert.match(result.stdout, /c-ares: committed [0-9a-f]{10} on actions\/tools-update-c-ares \(\d+ files; sha256 [0-9a-f]{64}, not verified: c-ares publishes an OpenPGP signature/);
    assert.match(result.stderr, /nghttp2: .*nghttp2-1\.64\.0\.tar\.gz: sha256 mismatch — .*checksums\.txt says [0-9a-f]{64}, the download is [0-9a-f]{64}; nothing was written/);
    assert.equal(git(clone, 'log', '-1', '--format=%s', 'actions/tools-update-c-ares').trim(), 'deps: update c-ares to 1.34.5');
    assert.throws(() => git(clone, 'rev-parse', '--verify', '--quiet', 'actions/tools-update-nghttp2'));
    assert.equal(git(clone, 'status', '--porcelain'), '');
  });
});
