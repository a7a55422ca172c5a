import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as tar from 'tar';
import { fakeFileOnBranch, startFakeGitHub } from '../../../test/fake-github.js';
import { startFakeUpstream } from '../../../test/fake-upstream.js';
import { fixture } from '../../../test/fixtures.js';
import { startTestServer, type TestServer } from '../../../test/http-server.js';
import { writeTarGz } from '../../../test/tar-writer.js';
import { writeZip } from '../../../test/zip-writer.js';
import { InputError } from '../../errors.js';
import { createGitHubClient } from '../../forge/index.js';
import { inventoryPath, vendoredDependencies } from '../../inventory/index.js';
import { linePolicies } from '../knowledge/policies.js';
import { upstreamSources } from '../knowledge/sources.js';
import { checkUpdates } from '../plan.js';
import { memoryEtagCache } from '../upstream/etag-cache.js';
import { createDatasources } from '../upstream/registry.js';
import { proposeUpdate } from './apply.js';
import { sha256 } from './checksum.js';
import { planApply, pullRequestBody } from './plan.js';
import { applyUpdate } from './update.js';

/** A release tarball as c-ares and nghttp2 make them (`make dist`): one top directory. */
async function releaseTarball(top: string, files: Record<string, string>): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-release-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, top, path, '..'), { recursive: true });
    writeFileSync(join(dir, top, path), text);
  }
  await tar.c({ gzip: true, file: join(dir, 'out.tgz'), cwd: dir, portable: true }, [top]);
  return readFileSync(join(dir, 'out.tgz'));
}

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });

describe('updates apply: release archives, end to end on a local clone', () => {
  let upstream: Awaited<ReturnType<typeof startFakeUpstream>>;
  let downloads: TestServer;
  let github: Awaited<ReturnType<typeof startFakeGitHub>>;
  let clone: string;
  /** What the download host serves, by path: GitHub's release-asset and tag-archive URLs. */
  const files = new Map<string, Buffer>();

  before(async () => {
    const cares = await releaseTarball('c-ares-1.34.5', {
      'include/ares_version.h': '#define ARES_VERSION_STR "1.34.5"\n',
      'src/lib/ares_init.c': '/* c-ares 1.34.5 */\n',
      'test/ares-test.cc': '// upstream tests: not vendored\n',
      'cares.gyp': '# upstream has no gyp file; if it had, Node’s would win\n',
    });
    files.set('/c-ares/c-ares/releases/download/v1.34.5/c-ares-1.34.5.tar.gz', cares);
    const nghttp2 = await releaseTarball('nghttp2-1.64.0', {
      'lib/includes/nghttp2/nghttp2ver.h': '#define NGHTTP2_VERSION "1.64.0"\n',
      'lib/nghttp2_session.c': '/* 1.64.0 */\n',
      'lib/includes/config.h': '/* autoconf output: Node keeps its own */\n',
      'COPYING': 'MIT\n',
      'src/shrpx.cc': '// the proxy: not vendored\n',
    });
    files.set('/nghttp2/nghttp2/releases/download/v1.64.0/nghttp2-1.64.0.tar.gz', nghttp2);
    files.set('/nghttp2/nghttp2/releases/download/v1.64.0/checksums.txt', Buffer.from(`${'f'.repeat(64)}  nghttp2-1.64.0.tar.bz2\n${sha256(nghttp2)}  nghttp2-1.64.0.tar.gz\n`));
    // llhttp's tag archive, tampered: an entry climbs out of the directory.
    files.set('/nodejs/llhttp/archive/refs/tags/release/v9.2.1.tar.gz', writeTarGz([{ path: 'llhttp-release-v9.2.1/include/llhttp.h', data: '#define LLHTTP_VERSION_MAJOR 9\n' }, { path: 'llhttp-release-v9.2.1/../../../src/node.cc', data: 'pwned' }]));
    files.set('/ada-url/ada/releases/download/v2.9.2/singleheader.zip', writeZip([{ name: 'ada.h', data: '#define ADA_VERSION "2.9.2"\n' }, { name: 'ada.cpp', data: '// ada 2.9.2\n' }]));
    files.set('/raw/ada-url/ada/v2.9.2/LICENSE-MIT', Buffer.from('MIT License (ada)\n'));
    downloads = await startTestServer([
      {
        method: 'GET',
        path: '/:path*',
        handler: ({ url }) => {
          const body = files.get(url.pathname);
          return body ? { headers: { 'content-type': 'application/octet-stream' }, body } : { status: 404, body: 'Not Found' };
        },
      },
    ]);
    upstream = await startFakeUpstream({
      releases: {
        'c-ares/c-ares': [{ tag: 'cares-1_19_1' }, { tag: 'v1.34.5' }],
        'nghttp2/nghttp2': [{ tag: 'v1.55.1' }, { tag: 'v1.64.0' }],
        'nodejs/llhttp': [{ tag: 'release/v8.1.1' }, { tag: 'release/v9.2.1' }],
        'ada-url/ada': [{ tag: 'v2.5.1' }, { tag: 'v2.9.2' }],
      },
    });
    github = await startFakeGitHub({ repos: ['nodejs/node'] });
    clone = mkdtempSync(join(tmpdir(), 'vigil-node-clone-'));
    cpSync(fixture('node-tree'), clone, { recursive: true, filter: (source) => !source.includes('_supplement') });
    // Node's own files in the dependency directories, as v20.5.1 has them.
    const own: Record<string, string> = {
      'deps/cares/cares.gyp': "{ 'targets': [{ 'target_name': 'cares' }] }\n",
      'deps/cares/config/linux/ares_config.h': '/* Node’s per-platform config */\n',
      'deps/cares/src/lib/ares_old.c': '/* removed upstream */\n',
      'deps/nghttp2/nghttp2.gyp': "{ 'targets': [{ 'target_name': 'nghttp2' }] }\n",
      'deps/nghttp2/lib/includes/config.h': '/* Node’s config.h (nodejs/node#45572) */\n',
      'deps/ada/ada.gyp': "{ 'targets': [{ 'target_name': 'ada' }] }\n",
      'deps/ada/README.md': 'Node’s notes on ada\n',
    };
    for (const [path, text] of Object.entries(own)) {
      mkdirSync(join(clone, path, '..'), { recursive: true });
      writeFileSync(join(clone, path), text);
    }
    git(clone, 'init', '-q', '-b', 'main');
    git(clone, 'add', '-A');
    git(clone, 'commit', '-q', '-m', 'v20.5.1');
  });
  after(async () => {
    await upstream.close();
    await downloads.close();
    await github.close();
  });

  async function plans(ids: string[]) {
    const inventory = await inventoryPath(clone);
    const datasources = createDatasources({ npm: { registry: upstream.url, timeoutMs: 5000 }, github: { baseUrl: upstream.url, token: undefined, timeoutMs: 5000 }, timeoutMs: 5000, cache: memoryEtagCache(), retries: 0 });
    const sources = Object.fromEntries(ids.map((id) => [id, upstreamSources[id]!]));
    const report = await checkUpdates({ inventory, registry: vendoredDependencies, sources, policies: linePolicies, holds: [], datasources, lookup: undefined, today: '2025-06-01' });
    return planApply(report, inventory, vendoredDependencies, ids, { hosts: { github: downloads.url, raw: `${downloads.url}/raw` } });
  }
  const show = (ref: string, path: string) => git(clone, 'show', `${ref}:${path}`);
  const untouched = (head: string) => {
    assert.equal(git(clone, 'status', '--porcelain'), '');
    assert.equal(git(clone, 'rev-parse', 'HEAD'), head);
    assert.equal(git(clone, 'rev-parse', '--abbrev-ref', 'HEAD').trim(), 'main');
  };

  it('c-ares: the release asset at upstream’s real tag, tests dropped, Node’s gyp and config kept, one commit, and the PR', async () => {
    const [plan] = await plans(['c-ares']);
    assert.equal(plan!.skipReason, undefined);
    assert.deepEqual([plan!.kind, plan!.from, plan!.to, plan!.directory, plan!.branch, plan!.title], ['archive', '1.19.1', '1.34.5', 'deps/cares', 'actions/tools-update-c-ares', 'deps: update c-ares to 1.34.5']);
    assert.equal(plan!.archive!.url, `${downloads.url}/c-ares/c-ares/releases/download/v1.34.5/c-ares-1.34.5.tar.gz`);
    const applied = await applyUpdate(clone, plan!, { timeoutMs: 5000 });
    assert.equal(git(clone, 'rev-parse', '--abbrev-ref', 'HEAD').trim(), 'main', 'back on the original branch');
    assert.equal(git(clone, 'log', '-1', '--format=%s', plan!.branch).trim(), 'deps: update c-ares to 1.34.5');
    assert.match(show(plan!.branch, 'deps/cares/include/ares_version.h'), /"1\.34\.5"/);
    assert.match(show(plan!.branch, 'deps/cares/cares.gyp'), /target_name/, 'Node’s gyp file wins over the archive’s');
    assert.match(show(plan!.branch, 'deps/cares/config/linux/ares_config.h'), /Node’s per-platform config/);
    const tree = git(clone, 'ls-tree', '-r', '--name-only', plan!.branch, 'deps/cares').trim().split('\n');
    assert.ok(!tree.some((path) => path.startsWith('deps/cares/test/')), 'upstream tests are not vendored');
    assert.ok(!tree.includes('deps/cares/src/lib/ares_old.c'), 'files upstream removed are gone');
    assert.ok(applied.files.every((file) => file.path.startsWith('deps/cares/')));
    assert.match(applied.verification ?? '', new RegExp(`sha256 ${sha256(files.get('/c-ares/c-ares/releases/download/v1.34.5/c-ares-1.34.5.tar.gz')!)}, not verified: c-ares publishes an OpenPGP signature`));

    const client = createGitHubClient({ baseUrl: github.url, token: 't', retries: 0 });
    const body = pullRequestBody(plan!, applied.verification);
    assert.match(body, /Changelog: https:\/\/github\.com\/c-ares\/c-ares\/compare\/cares-1_19_1\.\.\.v1\.34\.5/);
    assert.match(body, /keeping Node’s own files \(config, \.gitignore, cares\.gyp/);
    const proposal = await proposeUpdate(client, clone, applied, plan!, { owner: 'nodejs', repo: 'node' }, body);
    assert.equal(proposal.action, 'created');
    assert.equal(github.state.pulls.at(-1)?.title, 'deps: update c-ares to 1.34.5');
    assert.match(fakeFileOnBranch(github.state, 'nodejs/node', 'actions/tools-update-c-ares', 'deps/cares/include/ares_version.h') ?? '', /1\.34\.5/);
    assert.equal((await proposeUpdate(client, clone, applied, plan!, { owner: 'nodejs', repo: 'node' }, body)).action, 'unchanged', 'updated in place, not duplicated');
  });

  it('nghttp2: verified against checksums.txt; only lib/ and COPYING vendored; Node’s config.h kept', async () => {
    const [plan] = await plans(['nghttp2']);
    assert.equal(plan!.archive!.checksumUrl, `${downloads.url}/nghttp2/nghttp2/releases/download/v1.64.0/checksums.txt`);
    const applied = await applyUpdate(clone, plan!, { timeoutMs: 5000 });
    assert.match(applied.verification ?? '', /^sha256 [0-9a-f]{64} matches checksums\.txt$/);
    assert.match(show(plan!.branch, 'deps/nghttp2/lib/includes/nghttp2/nghttp2ver.h'), /"1\.64\.0"/);
    assert.match(show(plan!.branch, 'deps/nghttp2/lib/includes/config.h'), /Node’s config\.h/);
    const tree = git(clone, 'ls-tree', '-r', '--name-only', plan!.branch, 'deps/nghttp2').trim().split('\n');
    assert.deepEqual(tree.sort(), ['deps/nghttp2/COPYING', 'deps/nghttp2/lib/includes/config.h', 'deps/nghttp2/lib/includes/nghttp2/nghttp2ver.h', 'deps/nghttp2/lib/nghttp2_session.c', 'deps/nghttp2/nghttp2.gyp']);
  });

  it('refuses an archive whose sha256 is not the published one, writing nothing', async () => {
    const [plan] = await plans(['nghttp2']);
    git(clone, 'branch', '-D', plan!.branch);
    const head = git(clone, 'rev-parse', 'HEAD');
    const good = files.get('/nghttp2/nghttp2/releases/download/v1.64.0/nghttp2-1.64.0.tar.gz')!;
    files.set('/nghttp2/nghttp2/releases/download/v1.64.0/nghttp2-1.64.0.tar.gz', Buffer.concat([good, Buffer.from('tampered')]));
    try {
      await assert.rejects(applyUpdate(clone, plan!, { timeoutMs: 5000 }), (error: unknown) => error instanceof InputError && /sha256 mismatch — .*checksums\.txt says [0-9a-f]{64}, the download is [0-9a-f]{64}; nothing was written/.test(error.message));
    } finally {
      files.set('/nghttp2/nghttp2/releases/download/v1.64.0/nghttp2-1.64.0.tar.gz', good);
    }
    untouched(head);
    assert.throws(() => git(clone, 'rev-parse', '--verify', '--quiet', plan!.branch));
  });

  it('refuses a traversal entry and a truncated archive with an InputError, writing nothing', async () => {
    const head = git(clone, 'rev-parse', 'HEAD');
    const [llhttp] = await plans(['llhttp']);
    assert.equal(llhttp!.archive!.url, `${downloads.url}/nodejs/llhttp/archive/refs/tags/release/v9.2.1.tar.gz`);
    await assert.rejects(applyUpdate(clone, llhttp!, { timeoutMs: 5000 }), /entry "llhttp-release-v9\.2\.1\/\.\.\/\.\.\/\.\.\/src\/node\.cc" climbs out of the directory with \.\.; nothing was written/);
    untouched(head);
    assert.ok(!existsSync(join(clone, '..', 'src', 'node.cc')));

    const [cares] = await plans(['c-ares']);
    const whole = files.get('/c-ares/c-ares/releases/download/v1.34.5/c-ares-1.34.5.tar.gz')!;
    files.set('/c-ares/c-ares/releases/download/v1.34.5/c-ares-1.34.5.tar.gz', whole.subarray(0, Math.floor(whole.length / 2)));
    try {
      await assert.rejects(applyUpdate(clone, { ...cares!, branch: 'actions/tools-update-c-ares-cut' }, { timeoutMs: 5000 }), (error: unknown) => error instanceof InputError && error.exitCode === 2 && /c-ares-1\.34\.5\.tar\.gz: not a complete tar\.gz archive/.test(error.message));
    } finally {
      files.set('/c-ares/c-ares/releases/download/v1.34.5/c-ares-1.34.5.tar.gz', whole);
    }
    untouched(head);
  });

  it('ada: the single-header zip, its license fetched beside it, Node’s gyp and README kept', async () => {
    const [plan] = await plans(['ada']);
    await applyUpdate(clone, plan!, { timeoutMs: 5000 });
    const tree = git(clone, 'ls-tree', '-r', '--name-only', plan!.branch, 'deps/ada').trim().split('\n');
    assert.deepEqual(tree.sort(), ['deps/ada/LICENSE-MIT', 'deps/ada/README.md', 'deps/ada/ada.cpp', 'deps/ada/ada.gyp', 'deps/ada/ada.h']);
    assert.match(show(plan!.branch, 'deps/ada/README.md'), /Node’s notes/);
  });

  it('refuses a dirty work tree and explains what it cannot apply', async () => {
    const [cares] = await plans(['c-ares']);
    writeFileSync(join(clone, 'deps', 'stray.txt'), 'local change');
    try {
      await assert.rejects(applyUpdate(clone, cares!, { timeoutMs: 5000 }), /uncommitted changes/);
    } finally {
      execFileSync('rm', [join(clone, 'deps', 'stray.txt')]);
    }
    const [ngtcp2] = await plans(['ngtcp2']);
    assert.match(ngtcp2!.skipReason ?? '', /upstream status unknown|autoreconf/);
  });
});
