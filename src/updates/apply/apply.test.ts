import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import ssri from 'ssri';
import * as tar from 'tar';
import { fakeFileOnBranch, startFakeGitHub } from '../../../test/fake-github.js';
import { startFakeUpstream } from '../../../test/fake-upstream.js';
import { fixture } from '../../../test/fixtures.js';
import { createGitHubClient } from '../../forge/index.js';
import { inventoryPath, vendoredDependencies } from '../../inventory/index.js';
import { linePolicies } from '../knowledge/policies.js';
import { upstreamSources } from '../knowledge/sources.js';
import { checkUpdates } from '../plan.js';
import { memoryEtagCache } from '../upstream/etag-cache.js';
import { createDatasources } from '../upstream/registry.js';
import { applyNpmUpdate, proposeUpdate, recoverInterruptedApply } from './apply.js';
import { planApply, pullRequestBody } from './plan.js';

/** An npm tarball as `npm pack` makes it: files under package/. */
async function packTarball(name: string, version: string): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-pack-'));
  mkdirSync(join(dir, 'package', 'dist'), { recursive: true });
  writeFileSync(join(dir, 'package', 'package.json'), `${JSON.stringify({ name, version, main: 'dist/acorn.js' }, null, 2)}\n`);
  writeFileSync(join(dir, 'package', 'dist', 'acorn.js'), `// ${name} ${version}\n`);
  const file = join(dir, 'out.tgz');
  await tar.c({ gzip: true, file, cwd: dir }, ['package']);
  return readFileSync(file);
}

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });

describe('updates apply: an npm-published dependency, end to end on a local clone', () => {
  let upstream: Awaited<ReturnType<typeof startFakeUpstream>>;
  let github: Awaited<ReturnType<typeof startFakeGitHub>>;
  let clone: string;
  before(async () => {
    const good = await packTarball('acorn', '8.14.0');
    const walk = await packTarball('acorn-walk', '8.3.4');
    upstream = await startFakeUpstream({
      npm: {
        acorn: [{ version: '8.10.0' }, { version: '8.14.0', integrity: ssri.fromData(good, { algorithms: ['sha512'] }).toString(), tarball: good }],
        // The registry's hash is for other bytes: the download must be refused.
        'acorn-walk': [{ version: '8.2.0' }, { version: '8.3.4', integrity: ssri.fromData(Buffer.from('other bytes'), { algorithms: ['sha512'] }).toString(), tarball: walk }],
      },
    });
    github = await startFakeGitHub({ repos: ['nodejs/node'] });
    clone = mkdtempSync(join(tmpdir(), 'vigil-node-clone-'));
    cpSync(fixture('node-tree'), clone, { recursive: true, filter: (source) => !source.includes('_supplement') });
    git(clone, 'init', '-q', '-b', 'main');
    git(clone, 'add', '-A');
    git(clone, 'commit', '-q', '-m', 'v20.5.1');
  });
  after(async () => {
    await upstream.close();
    await github.close();
  });

  async function plans(ids: string[]) {
    const inventory = await inventoryPath(clone);
    const datasources = createDatasources({ npm: { registry: upstream.url, timeoutMs: 5000 }, github: { baseUrl: upstream.url, token: undefined, timeoutMs: 5000 }, timeoutMs: 5000, cache: memoryEtagCache(), retries: 0 });
    const sources = Object.fromEntries(ids.map((id) => [id, upstreamSources[id]!]));
    const report = await checkUpdates({ inventory, registry: vendoredDependencies, sources, policies: linePolicies, holds: [], datasources, lookup: undefined, today: '2024-12-15' });
    return planApply(report, inventory, vendoredDependencies, ids);
  }

  it('replaces deps/acorn/acorn with the verified tarball, bumps src/acorn_version.h, commits on its own branch, and opens the PR', async () => {
    const [plan] = await plans(['acorn']);
    assert.equal(plan!.skipReason, undefined);
    assert.deepEqual([plan!.from, plan!.to, plan!.directory, plan!.header, plan!.branch], ['8.10.0', '8.14.0', 'deps/acorn/acorn', 'src/acorn_version.h', 'actions/tools-update-acorn']);
    const applied = await applyNpmUpdate(clone, plan!, { timeoutMs: 5000 });
    assert.equal(git(clone, 'rev-parse', '--abbrev-ref', 'HEAD').trim(), 'main', 'back on the original branch');
    assert.equal(git(clone, 'log', '-1', '--format=%s', plan!.branch).trim(), 'deps: update acorn to 8.14.0');
    assert.match(git(clone, 'show', `${plan!.branch}:src/acorn_version.h`), /#define ACORN_VERSION "8\.14\.0"/);
    assert.match(git(clone, 'show', `${plan!.branch}:deps/acorn/acorn/package.json`), /"version": "8\.14\.0"/);
    assert.ok(applied.files.some((file) => file.path === 'deps/acorn/acorn/dist/acorn.js' && file.status === 'A'));
    assert.ok(applied.files.every((file) => file.path.startsWith('deps/acorn/acorn/') || file.path === 'src/acorn_version.h'));

    const client = createGitHubClient({ baseUrl: github.url, token: 't', retries: 0 });
    const body = pullRequestBody(plan!);
    assert.match(body, /Releases: 8\.14\.0/);
    const proposal = await proposeUpdate(client, clone, applied, plan!, { owner: 'nodejs', repo: 'node' }, body);
    assert.equal(proposal.action, 'created');
    assert.equal(github.state.pulls[0]?.title, 'deps: update acorn to 8.14.0');
    assert.match(github.state.pulls[0]!.body, /Changelog: https:\/\/github.com\/acornjs\/acorn\/compare\/v8\.10\.0\.\.\.v8\.14\.0/);
    assert.match(fakeFileOnBranch(github.state, 'nodejs/node', 'actions/tools-update-acorn', 'src/acorn_version.h') ?? '', /"8\.14\.0"/);
    assert.equal((await proposeUpdate(client, clone, applied, plan!, { owner: 'nodejs', repo: 'node' }, body)).action, 'unchanged', 'updated in place, not duplicated');
  });

  it('refuses a tarball whose hash does not match, writing nothing', async () => {
    const [plan] = await plans(['acorn-walk']);
    const before = git(clone, 'rev-parse', 'HEAD');
    await assert.rejects(applyNpmUpdate(clone, plan!, { timeoutMs: 5000 }), /integrity mismatch .* nothing was written/);
    assert.equal(git(clone, 'status', '--porcelain'), '');
    assert.equal(git(clone, 'rev-parse', 'HEAD'), before);
    assert.throws(() => git(clone, 'rev-parse', '--verify', '--quiet', 'actions/tools-update-acorn-walk'));
  });

  it('refuses a dirty work tree, and explains dependencies it cannot apply', async () => {
    writeFileSync(join(clone, 'deps', 'stray.txt'), 'local change');
    const [plan] = await plans(['acorn']);
    await assert.rejects(applyNpmUpdate(clone, { ...plan!, skipReason: undefined, tarball: { url: `${upstream.url}/tarballs/acorn-8.14.0.tgz`, integrity: undefined, shasum: undefined } }, { timeoutMs: 5000 }), /uncommitted changes/);
    rmSync(join(clone, 'deps', 'stray.txt'));
    const [openssl] = await plans(['openssl']);
    assert.match(openssl!.skipReason ?? '', /upstream status unknown|only npm-published/);
    assert.ok(existsSync(join(clone, 'deps', 'acorn', 'acorn', 'package.json')));
  });

  it('after a kill between moving the old directory away and the new one in, the next run puts it back and completes (#20)', async () => {
    // The state a SIGKILL leaves there: on the update branch, deps/acorn/acorn only as .vigil-old, a half copy as .vigil-new.
    git(clone, 'checkout', '-q', 'main');
    git(clone, 'checkout', '-q', '-B', 'actions/tools-update-acorn', 'main');
    const target = join(clone, 'deps', 'acorn', 'acorn');
    const old = readFileSync(join(target, 'package.json'), 'utf8');
    renameSync(target, `${target}.vigil-old`);
    mkdirSync(`${target}.vigil-new`);
    writeFileSync(join(`${target}.vigil-new`, 'half.js'), '// half');
    assert.deepEqual(await recoverInterruptedApply(clone, { dryRun: true }), ['deps/acorn/acorn']);
    assert.ok(!existsSync(target), 'a dry run changes nothing');
    assert.deepEqual(await recoverInterruptedApply(clone), ['deps/acorn/acorn']);
    const [plan] = await plans(['acorn']);
    const applied = await applyNpmUpdate(clone, plan!, { timeoutMs: 5000 });
    assert.equal(git(clone, 'log', '-1', '--format=%s', applied.branch).trim(), 'deps: update acorn to 8.14.0');
    assert.equal(git(clone, 'status', '--porcelain'), '', 'nothing left beside the directory');
    assert.equal(git(clone, 'show', 'main:deps/acorn/acorn/package.json'), old, 'main keeps the old dependency');
    assert.match(readFileSync(join(target, 'package.json'), 'utf8'), /"version": "8\.14\.0"/, 'the killed run had left the update branch checked out: it now holds the update');
    assert.ok(!existsSync(`${target}.vigil-old`) && !existsSync(`${target}.vigil-new`));
    git(clone, 'checkout', '-q', 'main');
  });
});
