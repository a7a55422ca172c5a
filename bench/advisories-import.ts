// Issue #3 figure: import 250,000 OSV records (~98% MAL- malicious-package entries, ~2%
// real-shaped GHSA advisories, like today's npm data) from an all.zip in under 60 s and 1 GB RSS.
// The archive is generated in a child process first, so its memory does not count.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeZip } from '../test/zip-writer.js';
import { printFigure } from './measure.js';

const TOTAL = Number(process.env.BENCH_ADVISORIES ?? 250_000);
const REAL_SHAPED_EVERY = 50; // 2%

/** A deterministic pseudo-random source, so every run imports the same data. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

function malRecord(index: number, next: () => number): object {
  const name = `${['discord', 'web3', 'crypto', 'aws', 'react', 'lodash'][index % 6]}-${index.toString(36)}-${Math.floor(next() * 1e6).toString(36)}`;
  const versions = Array.from({ length: 1 + Math.floor(next() * 4) }, (_, v) => `1.0.${v}`);
  return {
    modified: `2024-0${1 + (index % 9)}-1${index % 10}T08:41:02Z`,
    published: '2024-01-11T19:05:10Z',
    schema_version: '1.5.0',
    id: `MAL-2024-${index}`,
    summary: `Malicious code in ${name} (npm)`,
    details: `\n---\n_-= Per source details. Do not edit below this line.=-_\n\n## Source: ossf-package-analysis (${index})\nThe package ${name} runs a postinstall script that downloads and executes a second stage and sends environment variables to a remote host.\n`,
    affected: [{ package: { ecosystem: 'npm', name }, versions, database_specific: { 'malicious-packages-origins': [{ source: 'ossf-package-analysis', sha256: Math.floor(next() * 2 ** 52).toString(16), import_time: '2024-01-12T08:41:02Z', versions }] } }],
    credits: [{ name: 'OpenSSF: Package Analysis', contact: ['https://github.com/ossf/package-analysis'], type: 'FINDER' }],
    database_specific: { 'malicious-packages-origins': [{ source: 'ossf-package-analysis', import_time: '2024-01-12T08:41:02Z' }] },
  };
}

function ghsaRecord(index: number, next: () => number): object {
  const id = `GHSA-${index.toString(36).padStart(4, 'x')}-${Math.floor(next() * 1e6).toString(36).padStart(4, 'q')}-bnch`;
  const name = `pkg-${index.toString(36)}`;
  const major = Math.floor(next() * 5);
  return {
    schema_version: '1.6.0',
    id,
    modified: '2024-02-05T22:31:23.516930Z',
    published: '2022-03-18T00:01:09Z',
    aliases: [`CVE-2022-${10_000 + index}`],
    summary: `Prototype Pollution in ${name}`,
    details: `${name} before ${major}.2.6 is vulnerable to Prototype Pollution via file index.js, function setKey().`.repeat(3),
    severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }],
    affected: [
      { package: { ecosystem: 'npm', name, purl: `pkg:npm/${name}` }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: `${major}.2.6` }] }] },
      { package: { ecosystem: 'npm', name, purl: `pkg:npm/${name}` }, ranges: [{ type: 'SEMVER', events: [{ introduced: `${major + 1}.0.0` }, { fixed: `${major + 1}.0.4` }] }] },
    ],
    references: [
      { type: 'ADVISORY', url: `https://nvd.nist.gov/vuln/detail/CVE-2022-${10_000 + index}` },
      { type: 'FIX', url: `https://github.com/example/${name}/commit/${Math.floor(next() * 2 ** 52).toString(16)}` },
      { type: 'PACKAGE', url: `https://github.com/example/${name}` },
    ],
    database_specific: { cwe_ids: ['CWE-1321'], severity: 'CRITICAL', github_reviewed: true, github_reviewed_at: '2022-03-17T16:24:14Z', nvd_published_at: null },
  };
}

function generate(file: string): void {
  const next = random(42);
  const entries = Array.from({ length: TOTAL }, (_, index) => {
    const record = index % REAL_SHAPED_EVERY === 0 ? ghsaRecord(index, next) : malRecord(index, next);
    return { name: `${(record as { id: string }).id}.json`, data: JSON.stringify(record, null, 2) };
  });
  writeFileSync(file, writeZip(entries));
}

if (process.argv[2] === 'generate') {
  generate(process.argv[3] as string);
} else {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-advisories-'));
  const zip = join(dir, 'all.zip');
  const made = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), 'generate', zip], { stdio: 'inherit' });
  if (made.status !== 0 || !existsSync(zip)) throw new Error('could not generate the archive');
  const { importPath, openAdvisoryStore } = await import('../src/advisories/index.js');
  const store = await openAdvisoryStore(join(dir, 'vigil.db'));
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const result = await importPath(store, zip);
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const status = await store.status();
  await store.close();
  const peakMb = process.resourceUsage().maxRSS / 1024;
  if (result.records !== TOTAL || result.problems.length > 0) throw new Error(`imported ${result.records}/${TOTAL}, ${result.problems.length} problems`);
  printFigure(`import ${TOTAL.toLocaleString('en')} OSV records from all.zip into SQLite`, seconds, 's', 60);
  // The machine is shared: CPU time says what the import costs when wall time is inflated by load.
  printFigure('  CPU time of the import (user + system)', cpuSeconds, 's');
  printFigure('peak resident memory during the import', peakMb, 'MB', 1024);
  console.log(`load average ${os.loadavg()[0]?.toFixed(1)} on ${os.cpus().length} cores; records/s: ${Math.round(TOTAL / seconds)}; database size: ${(status.sizeBytes / 1024 / 1024).toFixed(0)} MB; feeds: ${JSON.stringify(status.byFeed)}`);
  const postgresUrl = process.env.VIGIL_BENCH_POSTGRES_URL;
  if (postgresUrl) {
    // Optional: the same archive into PostgreSQL (the database's advisory tables are replaced).
    const pg = (await import('pg')).default;
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    await client.query('DROP TABLE IF EXISTS advisories, advisory_packages, advisory_cpes, advisory_aliases, advisory_sources, advisory_assessments, advisory_meta');
    await client.end();
    const pgStore = await openAdvisoryStore(postgresUrl);
    const pgStart = performance.now();
    const pgCpu = process.cpuUsage();
    await importPath(pgStore, zip);
    const used = process.cpuUsage(pgCpu);
    printFigure(`import ${TOTAL.toLocaleString('en')} OSV records into PostgreSQL (local server)`, (performance.now() - pgStart) / 1000, 's', 60);
    printFigure('  CPU time of the import in Node (user + system)', (used.user + used.system) / 1e6, 's');
    await pgStore.close();
  }
  rmSync(dir, { recursive: true, force: true });
}
