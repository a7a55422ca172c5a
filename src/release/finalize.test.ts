import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, readFileSync, rmSync, readdirSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { PackageURL } from 'packageurl-js';
import { fixture } from '../../test/fixtures.js';
import { openVexValidator } from '../../test/validators.js';
import { readCoreDirectory, renderCoreIndex } from '../formats/security-wg/core-entry.js';
import { serialiseVulnerabilitiesJson } from '../formats/vulnerabilities-json/write.js';
import { readVulnerabilitiesJson } from '../formats/vulnerabilities-json/read.js';
import { applyPlan } from './apply.js';
import { planFinalizeStep } from './steps/finalize.js';
import type { ReleaseContext } from './steps/context.js';
import type { VexDocument } from '../formats/openvex/write.js';
import { proposeSecurityWgChanges, splitForProposal } from './propose.js';
import { fakeFileOnBranch, startFakeGitHub } from '../../test/fake-github.js';
import { createGitHubClient } from '../forge/github/client.js';

const fixtureCore = fixture('security-wg', 'vuln', 'core');

/** A security-wg vuln/ directory as it was just before the April 3, 2024 release: entries 1–138. */
function securityWgBeforeApril2024(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-swg-'));
  const core = join(dir, 'vuln', 'core');
  mkdirSync(core, { recursive: true });
  const kept: { id: number; raw: unknown }[] = [];
  for (const name of readdirSync(fixtureCore)) {
    const id = Number(name.replace('.json', ''));
    if (name === 'index.json' || id >= 139) continue;
    cpSync(join(fixtureCore, name), join(core, name));
    kept.push({ id, raw: JSON.parse(readFileSync(join(fixtureCore, name), 'utf8')) });
  }
  writeFileSync(join(core, 'index.json'), renderCoreIndex(kept));
  return join(dir, 'vuln');
}

async function releaseFolder(): Promise<ReleaseContext> {
  const root = mkdtempSync(join(tmpdir(), 'vigil-release-'));
  const folder = join(root, 'security-release', 'next-security-release');
  mkdirSync(folder, { recursive: true });
  const file = join(folder, 'vulnerabilities.json');
  writeFileSync(file, readFileSync(new URL('./__fixtures__/april-2024-vulnerabilities.json', import.meta.url)));
  return { paths: { root, folder, file }, data: await readVulnerabilitiesJson(file), now: new Date('2024-04-03T20:00:00Z'), outputDir: folder };
}

describe('finalize: the April 3, 2024 security release, rebuilt', () => {
  it('reproduces vuln/core 139 and 140 byte for byte, and the index', async () => {
    const vulnDir = securityWgBeforeApril2024();
    const context = await releaseFolder();
    const plan = await planFinalizeStep(context, { vulnDir });
    assert.deepEqual(plan.refusals, []);
    await applyPlan(plan, { vulnerabilitiesFile: context.paths.file });
    for (const id of [139, 140]) {
      assert.equal(readFileSync(join(vulnDir, 'core', `${id}.json`), 'utf8'), readFileSync(join(fixtureCore, `${id}.json`), 'utf8'), `entry ${id}`);
    }
    const index = JSON.parse(readFileSync(join(vulnDir, 'core', 'index.json'), 'utf8')) as Record<string, unknown>;
    const real = JSON.parse(readFileSync(join(fixtureCore, 'index.json'), 'utf8')) as Record<string, unknown>;
    assert.deepEqual(Object.keys(index).length, 140);
    assert.deepEqual(index['139'], real['139']);
    assert.deepEqual(index['140'], real['140']);
  });

  it('writes OpenVEX statements that name every fixed version with a well-formed purl', async () => {
    const vulnDir = securityWgBeforeApril2024();
    const context = await releaseFolder();
    await applyPlan(await planFinalizeStep(context, { vulnDir }), { vulnerabilitiesFile: context.paths.file });
    const vex = JSON.parse(readFileSync(join(context.outputDir, 'release.openvex.json'), 'utf8')) as VexDocument;
    assert.equal(vex['@context'], 'https://openvex.dev/ns/v0.2.0');
    assert.match(vex['@id'], /^https:\/\/openvex\.dev\/docs\/public\/vex-[0-9a-f]{64}$/);
    assert.deepEqual(vex.statements.map((statement) => [statement.vulnerability.name, statement.status]), [['CVE-2024-27983', 'fixed'], ['CVE-2024-27982', 'fixed']]);
    for (const statement of vex.statements) {
      assert.deepEqual(statement.products.map((product) => product['@id']), ['pkg:generic/nodejs/node@v18.20.1', 'pkg:generic/nodejs/node@v20.12.1', 'pkg:generic/nodejs/node@v21.7.2']);
      for (const product of statement.products) {
        const purl = PackageURL.fromString(product['@id']);
        assert.deepEqual([purl.type, purl.namespace, purl.name], ['generic', 'nodejs', 'node'], product['@id']);
      }
    }
    const validate = openVexValidator();
    assert.ok(validate(vex), JSON.stringify(validate.errors, null, 2));
    assert.equal(validate({ ...vex, statements: [{ ...vex.statements[0], status: 'affected' }] }), false, 'the validator is strict: an affected statement needs an action');
  });

  it('proposes the entries and the index to the security-wg repository on a branch and pull request, leaving the checkout alone', async () => {
    const vulnDir = securityWgBeforeApril2024();
    const context = await releaseFolder();
    const github = await startFakeGitHub({ repos: ['nodejs/security-wg'] });
    try {
      const client = createGitHubClient({ baseUrl: github.url, token: 't', retries: 0 });
      const target = { owner: 'nodejs', repo: 'security-wg', checkoutRoot: join(vulnDir, '..') };
      const split = splitForProposal(await planFinalizeStep(context, { vulnDir }), target);
      assert.deepEqual(split.proposed.map((file) => file.path), ['vuln/core/139.json', 'vuln/core/140.json', 'vuln/core/index.json']);
      assert.deepEqual(split.local.writes.map((write) => write.path), [join(context.outputDir, 'release.openvex.json'), context.paths.file], 'only the release folder is written locally');
      await applyPlan(split.local, { vulnerabilitiesFile: context.paths.file });
      const pull = await proposeSecurityWgChanges(client, target, split, split.local.actions);
      assert.equal(pull.action, 'created');
      assert.equal(github.state.pulls[0]!.title, 'Security release: vuln/core 139, 140');
      assert.equal(fakeFileOnBranch(github.state, 'nodejs/security-wg', split.branch, 'vuln/core/139.json'), readFileSync(join(fixtureCore, '139.json'), 'utf8'));
      assert.equal(fakeFileOnBranch(github.state, 'nodejs/security-wg', 'main', 'vuln/core/139.json'), undefined, 'never on the default branch');
      assert.equal(existsSync(join(vulnDir, 'core', '139.json')), false, 'the local checkout is left as it was');

      // Re-run (the step recorded itself): the same branch, the same pull request, nothing new.
      const again = splitForProposal(await planFinalizeStep({ ...context, data: await readVulnerabilitiesJson(context.paths.file) }, { vulnDir }), target);
      assert.equal((await proposeSecurityWgChanges(client, target, again, again.local.actions)).action, 'unchanged');
      assert.equal(github.state.pulls.length, 1);
    } finally {
      await github.close();
    }
  });

  it('finishes an interrupted run without duplicating or renumbering entries', async () => {
    const vulnDir = securityWgBeforeApril2024();
    const context = await releaseFolder();
    const plan = await planFinalizeStep(context, { vulnDir });
    // Interrupted after the first entry file: nothing else was written.
    const first = plan.writes[0];
    assert.ok(first);
    writeFileSync(first.path, first.content);
    const again = await planFinalizeStep({ ...context, data: await readVulnerabilitiesJson(context.paths.file) }, { vulnDir });
    await applyPlan(again, { vulnerabilitiesFile: context.paths.file });
    const core = await readCoreDirectory(join(vulnDir, 'core'));
    assert.deepEqual(core.entries.slice(-2).map((entry) => entry.id), [139, 140]);
    assert.equal(existsSync(join(vulnDir, 'core', '141.json')), false);
    const third = await planFinalizeStep({ ...context, data: await readVulnerabilitiesJson(context.paths.file) }, { vulnDir });
    assert.deepEqual(third.writes, [], 'a finished step writes nothing the second time');
  });

  it('refuses while a report has no CVE or a line has no released version, saying which', async () => {
    const vulnDir = securityWgBeforeApril2024();
    const context = await releaseFolder();
    const data = structuredClone(context.data!);
    data.reports[1]!.cveIds = [];
    delete data.releases!['21.x'];
    writeFileSync(context.paths.file, serialiseVulnerabilitiesJson(data));
    const plan = await planFinalizeStep({ ...context, data }, { vulnDir });
    assert.ok(plan.refusals.some((line) => /reports\[1\]\.cveIds: report 2237545 .* has no CVE/.test(line)), plan.refusals.join('\n'));
    assert.ok(plan.refusals.some((line) => /releases\.21\.x is missing/.test(line)), plan.refusals.join('\n'));
    await assert.rejects(applyPlan(plan, { vulnerabilitiesFile: context.paths.file }), /refused/);
    rmSync(vulnDir, { recursive: true });
  });
});
