/**
 * The whole Vulnerability Review as a user runs it (issue "Done when"): import the security-wg
 * data, an OSV dump and NVD data into a fresh --db, review a Node.js checkout and an ordinary
 * project, apply a triage file, publish SARIF, OpenVEX and idempotent issues. Every step is the
 * CLI, on real-shaped records (GitHub advisory-database files for undici, NVD 2.0 CVE items).
 */
import { strict as assert } from 'node:assert';
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { before, describe, it } from 'node:test';
import { startFakeGitHub } from '../../../test/fake-github.js';
import { fixture, projectRoot } from '../../../test/fixtures.js';
import { openVexValidator, sarifValidator } from '../../../test/validators.js';
import { writeZip } from '../../../test/zip-writer.js';

const work = mkdtempSync(join(tmpdir(), 'vigil-review-flow-'));
const db = join(work, 'store', 'vigil.db');
const advisoryFixtures = join(projectRoot, 'src', 'advisories', '__fixtures__');
const env = (extra: Record<string, string> = {}) => ({ ...process.env, NO_COLOR: '1', XDG_CONFIG_HOME: work, GITHUB_TOKEN: '', GH_TOKEN: '', VIGIL_GITHUB_TOKEN: '', ...extra });
const args = (rest: string[]) => ['--import', 'tsx', 'src/cli/main.ts', ...rest, '--db', db];
const cli = (...rest: string[]) => spawnSync(process.execPath, args(rest), { cwd: projectRoot, encoding: 'utf8', env: env() });
/** Async, for runs that talk to a server living in this process. */
const cliAsync = async (extra: Record<string, string>, ...rest: string[]) => {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, args(rest), { cwd: projectRoot, encoding: 'utf8', env: env(extra) });
    return { status: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { status: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
};

interface JsonFinding {
  id: string;
  aliases: string[];
  package: string;
  version: string;
  nearestFix: string | null;
  triage?: { status: string; by: string } | null;
}
interface JsonReport {
  targets: { product: string; findings: JsonFinding[] }[];
}

/** An ordinary npm project with undici and ip installed (my-app: undici 5.0.0, which 13 of undici's 14 GitHub advisories cover). */
function ordinaryProject(name: string, undici: string): string {
  const root = join(work, name);
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name, version: '1.4.0', dependencies: { undici: '^5.0.0', ip: '^2.0.0' } }));
  const lock = {
    name,
    version: '1.4.0',
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': { name, version: '1.4.0', dependencies: { undici: '^5.0.0', ip: '^2.0.0' } },
      'node_modules/undici': { version: undici, resolved: `https://registry.npmjs.org/undici/-/undici-${undici}.tgz` },
      'node_modules/ip': { version: '2.0.0', resolved: 'https://registry.npmjs.org/ip/-/ip-2.0.0.tgz', integrity: 'sha512-WKa+XuLG1A1R0UWhl2+1XQSi+fZWMsYKffMZTTYsiZaUD8k2yDAj5atimTUD2TZkyCkNEeYE5NhFZmupOGCjwQ==' },
    },
  };
  writeFileSync(join(root, 'package-lock.json'), JSON.stringify(lock, null, 2));
  return root;
}

const NODE_TREE_TRIAGE = `version: 1
entries:
  - id: GHSA-wqq4-5wpv-mx2g
    package: undici
    justification: vulnerable_code_not_in_execute_path
    reason: Node's bundled fetch does not forward cookies across origins
    expires: 2027-06-30
    by: "@mcollina"
  - id: CVE-2024-24758
    package: undici
    justification: vulnerable_code_not_in_execute_path
    reason: an old decision that ran out
    expires: 2026-01-31
    by: "@someone"
  - id: CVE-2023-5363
    status: under_investigation
    reason: waiting for the quictls backport
    by: "@RafaelGSS"
`;

describe('vigil review: the whole flow on a fresh store', () => {
  let project = '';
  const triage = join(work, 'triage.yaml');
  before(() => {
    project = ordinaryProject('my-app', '5.0.0');
    writeFileSync(triage, NODE_TREE_TRIAGE);
    // An OSV dump as osv.dev publishes it (one JSON record per entry), with two damaged records.
    const dump = join(work, 'npm-all.zip');
    const entries = [join(advisoryFixtures, 'ghsa-undici'), join(advisoryFixtures, 'osv')].flatMap((dir) => readdirSync(dir).map((name) => ({ name, data: readFileSync(join(dir, name)) })));
    writeFileSync(dump, writeZip(entries));
    // NVD: one page of real CVE items, plus a copy in which one item is damaged.
    const nvdPage = join(advisoryFixtures, 'nvd', 'running-with-page.json');
    const damaged = join(work, 'nvd-damaged.json');
    const copy = JSON.parse(readFileSync(nvdPage, 'utf8')) as { vulnerabilities: { cve: Record<string, unknown> }[] };
    delete copy.vulnerabilities[1]?.cve.published;
    writeFileSync(damaged, JSON.stringify(copy));

    const imported = cli('db', 'import', dump, fixture('security-wg', 'vuln'), damaged, nvdPage);
    assert.equal(imported.status, 0, imported.stderr);
    assert.match(imported.stdout, /npm-all\.zip: 18 records \(18 new, 0 updated, 0 unchanged, 0 older than stored\), 2 skipped/);
    assert.match(imported.stderr, /npm-all\.zip:truncated\.json: not valid JSON/);
    assert.match(imported.stderr, /npm-all\.zip:bad-event\.json: not an OSV record: affected\[0\]\.ranges\[0\]\.events\[0\]/);
    assert.match(imported.stdout, /nvd-damaged\.json: 2 records .* 1 skipped/);
    assert.match(imported.stderr, /nvd-damaged\.json: not an NVD 2\.0 CVE item \(CVE-2023-5363\): published/);
    assert.match(imported.stdout, /running-with-page\.json: 3 records \(1 new, 0 updated, 2 unchanged/);
  });

  it('an ordinary project: every one of the 13 undici advisories that cover 5.0.0, not just the last 10', () => {
    const result = cli('review', project, '--json', '--now', '2026-11-23');
    assert.equal(result.status, 1, 'findings fail CI by default, as npm audit does');
    assert.match(result.stderr, /warning: \d+ findings at or above low \(exit 1; --fail-on none to report only\)/);
    const report = JSON.parse(result.stdout) as JsonReport;
    assert.equal(report.targets[0]?.product, 'pkg:npm/my-app@1.4.0');
    const findings = report.targets[0]?.findings ?? [];
    assert.deepEqual(findings.map((finding) => `${finding.package}@${finding.version} ${finding.id}`).sort(), [
      'undici@5.0.0 CVE-2022-31150',
      'undici@5.0.0 CVE-2022-31151',
      'undici@5.0.0 CVE-2022-32210',
      'undici@5.0.0 CVE-2022-35948',
      'undici@5.0.0 CVE-2022-35949',
      'undici@5.0.0 CVE-2023-23936',
      'undici@5.0.0 CVE-2023-24807',
      'undici@5.0.0 CVE-2023-45143',
      'undici@5.0.0 CVE-2024-24758',
      'undici@5.0.0 CVE-2024-30260',
      'undici@5.0.0 CVE-2024-30261',
      'undici@5.0.0 CVE-2025-22150',
      'undici@5.0.0 CVE-2025-47279',
    ]);
    // GHSA-wg6g-ppvx-927h covers 6.14.0–6.19.1 only.
    assert.ok(!findings.some((finding) => finding.aliases.includes('GHSA-wg6g-ppvx-927h')));
    assert.equal(findings.find((finding) => finding.id === 'CVE-2022-35949')?.nearestFix, '5.8.2');
  });

  it('the Node.js checkout: exact dependency findings with triage applied; a "running with" OpenSSL CPE is no finding', () => {
    const result = cli('review', '--fail-on', 'none', fixture('node-tree'), '--json', '--triage', triage, '--wg-triage', '--now', '2026-11-23');
    assert.equal(result.status, 0, result.stderr);
    const report = JSON.parse(result.stdout) as JsonReport;
    const target = report.targets[0];
    assert.equal(target?.product, 'pkg:generic/nodejs/node@v20.5.1');
    const deps = (target?.findings ?? []).filter((finding) => finding.package !== 'node');
    assert.deepEqual(deps.map((finding) => `${finding.package}@${finding.version} ${finding.id} ${finding.triage?.status ?? 'open'}`).sort(), [
      'openssl@3.0.10+quic CVE-2023-5363 under_investigation',
      'undici@5.22.1 CVE-2023-45143 not_affected',
      'undici@5.22.1 CVE-2024-24758 open',
      'undici@5.22.1 CVE-2024-30260 open',
      'undici@5.22.1 CVE-2024-30261 open',
      'undici@5.22.1 CVE-2025-22150 open',
      'undici@5.22.1 CVE-2025-47279 open',
      'zlib@1.2.13 CVE-2023-45853 not_affected',
      'zlib@1.2.13.1-motley CVE-2023-45853 not_affected',
    ]);
    // CVE-2019-0190 names OpenSSL >= 1.1.1 only as what Apache httpd 2.4.37 runs with (vulnerable: false).
    assert.ok(!result.stdout.includes('CVE-2019-0190'));
    assert.equal(deps.find((finding) => finding.package === 'zlib')?.triage?.by, 'nodejs/security-wg');
    // Node.js itself, from vuln/core: 42 entries cover v20.5.1 in the fixture's data.
    assert.equal(target?.findings.filter((finding) => finding.package === 'node').length, 42);
    assert.match(result.stderr, /triage\.yaml:9: triage entry CVE-2024-24758 expired on 2026-01-31; its findings are back/);
    assert.doesNotMatch(result.stderr, /null:0/);
  });

  it('publishes SARIF 2.1.0 and OpenVEX that validate, with triaged findings suppressed / not_affected', () => {
    // An output folder must exist (#17: a mistyped folder is refused, not created).
    mkdirSync(join(work, 'out'), { recursive: true });
    const sarifFile = join(work, 'out', 'review.sarif');
    const sarifRun = cli('review', '--fail-on', 'none', fixture('node-tree'), '--format', 'sarif', '--output', sarifFile, '--triage', triage, '--wg-triage', '--now', '2026-11-23');
    assert.equal(sarifRun.status, 0, sarifRun.stderr);
    const sarif = JSON.parse(readFileSync(sarifFile, 'utf8')) as { runs: { results: { ruleId: string; suppressions?: unknown[] }[] }[] };
    const validSarif = sarifValidator();
    assert.ok(validSarif(sarif), JSON.stringify(validSarif.errors?.slice(0, 5), null, 2));
    const suppressed = sarif.runs[0]?.results.filter((result) => result.suppressions?.length).map((result) => result.ruleId).sort();
    assert.deepEqual(suppressed, ['CVE-2023-45143', 'CVE-2023-45853', 'CVE-2023-45853']);

    const vexRun = cli('review', '--fail-on', 'none', fixture('node-tree'), '--format', 'openvex', '--triage', triage, '--wg-triage', '--now', '2026-11-23');
    assert.equal(vexRun.status, 0, vexRun.stderr);
    const vex = JSON.parse(vexRun.stdout) as { statements: { vulnerability: { name: string }; status: string; justification?: string; status_notes?: string; products: { '@id': string; subcomponents?: { '@id': string }[] }[] }[] };
    const validVex = openVexValidator();
    assert.ok(validVex(vex), JSON.stringify(validVex.errors?.slice(0, 5), null, 2));
    const zlib = vex.statements.find((statement) => statement.vulnerability.name === 'CVE-2023-45853');
    assert.equal(zlib?.status, 'not_affected');
    assert.equal(zlib?.justification, 'vulnerable_code_not_present');
    assert.deepEqual(zlib?.products[0]?.['@id'], 'pkg:generic/nodejs/node@v20.5.1');
    assert.equal(vex.statements.find((statement) => statement.vulnerability.name === 'CVE-2023-5363')?.status, 'under_investigation');
    assert.ok(vex.statements.some((statement) => statement.status === 'fixed'));

    const projectVex = cli('review', '--fail-on', 'none', project, '--format', 'openvex', '--now', '2026-11-23');
    assert.equal(projectVex.status, 0, projectVex.stderr);
    const document = JSON.parse(projectVex.stdout) as { statements: { products: { '@id': string; subcomponents: { '@id': string }[] }[] }[] };
    assert.ok(validVex(document), JSON.stringify(validVex.errors?.slice(0, 5), null, 2));
    assert.deepEqual(document.statements[0]?.products, [{ '@id': 'pkg:npm/my-app@1.4.0', subcomponents: [{ '@id': 'pkg:npm/undici@5.0.0' }] }]);

    // Nothing found and nothing fixed: OpenVEX needs one statement, so no (invalid) document is written.
    const clean = join(work, 'clean-app');
    mkdirSync(clean);
    writeFileSync(join(clean, 'package.json'), JSON.stringify({ name: 'clean-app', version: '1.0.0', dependencies: { ip: '^2.0.0' } }));
    writeFileSync(join(clean, 'package-lock.json'), JSON.stringify({ name: 'clean-app', lockfileVersion: 3, packages: { '': { name: 'clean-app', version: '1.0.0' }, 'node_modules/ip': { version: '2.0.0' } } }));
    const cleanFile = join(work, 'out', 'clean.openvex.json');
    const cleanVex = cli('review', clean, '--format', 'openvex', '--output', cleanFile);
    assert.equal(cleanVex.status, 0, cleanVex.stderr);
    assert.match(cleanVex.stderr, /OpenVEX needs at least one statement, so no document was written/);
    assert.equal(existsSync(cleanFile), false);

    // A directory with nothing to review (a mistyped path, say) is said so, not passed as clean.
    const empty = join(work, 'empty');
    mkdirSync(empty);
    const nothing = cli('review', empty);
    assert.equal(nothing.status, 0, nothing.stderr);
    assert.match(nothing.stderr, /empty: no dependencies found \(no lockfile, package\.json or vendored dependency\): nothing was reviewed/);
  });

  it('several release lines in one run (--ref): findings per line, each line its own product version in OpenVEX', () => {
    const repo = join(work, 'svc');
    mkdirSync(repo);
    const git = (...rest: string[]) => execFileSync('git', rest, { cwd: repo, env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' } });
    const release = (version: string, undici: string) => {
      writeFileSync(join(repo, 'package.json'), JSON.stringify({ name: 'svc', version, dependencies: { undici: '^5.0.0' } }));
      writeFileSync(join(repo, 'package-lock.json'), JSON.stringify({ name: 'svc', version, lockfileVersion: 3, packages: { '': { name: 'svc', version }, 'node_modules/undici': { version: undici } } }));
      git('add', '-A');
      git('commit', '-qm', `svc ${version}`);
    };
    git('init', '-q', '-b', 'main');
    release('1.0.0', '5.19.0');
    git('branch', 'v1.x');
    release('2.0.0', '5.28.4');
    const result = cli('review', '--fail-on', 'none', repo, '--ref', 'main', '--ref', 'v1.x', '--format', 'openvex', '--now', '2026-11-23');
    assert.equal(result.status, 0, result.stderr);
    const vex = JSON.parse(result.stdout) as { statements: { vulnerability: { name: string }; status: string; products: { '@id': string }[] }[] };
    const affected = (product: string) => vex.statements.filter((statement) => statement.status === 'affected' && statement.products[0]?.['@id'] === product).map((statement) => statement.vulnerability.name).sort();
    assert.deepEqual(affected('pkg:npm/svc@2.0.0'), ['CVE-2025-22150', 'CVE-2025-47279']);
    assert.deepEqual(affected('pkg:npm/svc@1.0.0'), ['CVE-2023-23936', 'CVE-2023-24807', 'CVE-2023-45143', 'CVE-2024-24758', 'CVE-2024-30260', 'CVE-2024-30261', 'CVE-2025-22150', 'CVE-2025-47279']);
  });

  it('keeps one GitHub issue per finding: a re-run changes nothing, a finding triaged away closes its issue', async () => {
    // undici 5.28.4: two findings. Few on purpose: the client keeps GitHub's ~1 s pause between writes.
    const service = ordinaryProject('my-service', '5.28.4');
    const github = await startFakeGitHub({ repos: ['acme/my-app'], perPage: 2 });
    try {
      const withGitHub = { VIGIL_GITHUB_API_URL: github.url, GITHUB_TOKEN: 'ghp_flowtoken' };
      const first = await cliAsync(withGitHub, 'review', '--fail-on', 'none', service, '--open-issues', 'acme/my-app', '--yes', '--now', '2026-11-23');
      assert.equal(first.status, 0, first.stderr);
      assert.equal(github.state.issues.length, 2);
      const again = await cliAsync(withGitHub, 'review', '--fail-on', 'none', service, '--open-issues', 'acme/my-app', '--yes', '--now', '2026-11-23');
      assert.equal(again.status, 0, again.stderr);
      assert.match(again.stderr, /acme\/my-app: issues already up to date/);
      assert.equal(github.state.issues.length, 2, 'a re-run never duplicates');

      const triage = join(work, 'project-triage.yaml');
      writeFileSync(triage, 'entries:\n  - id: GHSA-c76h-2ccp-4975\n    justification: vulnerable_code_not_in_execute_path\n    reason: we never send multipart bodies\n    by: "@me"\n');
      const closing = await cliAsync(withGitHub, 'review', '--fail-on', 'none', service, '--triage', triage, '--open-issues', 'acme/my-app', '--yes', '--now', '2026-11-23');
      assert.equal(closing.status, 0, closing.stderr);
      const closed = github.state.issues.filter((issue) => issue.state === 'closed');
      assert.deepEqual(closed.map((issue) => issue.title), ['CVE-2025-22150: undici@5.28.4 — moderate']);
      assert.equal(github.state.issues.length, 2);
      assert.ok(!JSON.stringify(github.state.issues).includes('ghp_flowtoken'));
    } finally {
      await github.close();
    }
  });
});
