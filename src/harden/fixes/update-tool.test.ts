import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { detectEcosystems, hardenUpdateTool } from './update-tool.js';

const paths = [
  '.github/workflows/ci.yml',
  'package.json',
  'package-lock.json',
  'docs/package.json',
  'docs/package-lock.json',
  'tools/requirements.txt',
  'deps/openssl/Cargo.toml',
  'test/fixtures/app/package-lock.json',
  'docker/Dockerfile',
  'go.mod',
];

test('update-tool: the ecosystems present, with the folders of their manifests', () => {
  assert.deepEqual(Object.fromEntries(detectEcosystems(paths)), {
    docker: ['/docker'],
    'github-actions': ['/'],
    gomod: ['/'],
    npm: ['/', '/docs'],
    pip: ['/tools'],
  });
});

test('update-tool: a new dependabot.yml covering them', () => {
  const result = hardenUpdateTool(paths, null);
  assert.equal(result.path, '.github/dependabot.yml');
  const config = parse(result.text) as { version: number; updates: { 'package-ecosystem': string; directory?: string; directories?: string[] }[] };
  assert.equal(config.version, 2);
  assert.deepEqual(
    config.updates.map((u) => [u['package-ecosystem'], u.directory ?? u.directories]),
    [
      ['docker', '/docker'],
      ['github-actions', '/'],
      ['gomod', '/'],
      ['npm', ['/', '/docs']],
      ['pip', '/tools'],
    ],
  );
});

test('update-tool: an existing configuration keeps its text and gains what is missing', () => {
  const existing = '# ours\nversion: 2\nupdates:\n  - package-ecosystem: "npm" # root\n    directory: "/"\n    schedule:\n      interval: daily\n';
  const result = hardenUpdateTool(['package.json', 'package-lock.json', '.github/workflows/a.yml', '.github/dependabot.yml'], { path: '.github/dependabot.yml', text: existing });
  assert.equal(result.text, `${existing}  - package-ecosystem: github-actions\n    directory: /\n    schedule:\n      interval: weekly\n`);
  const again = hardenUpdateTool(['package.json', 'package-lock.json', '.github/workflows/a.yml'], { path: '.github/dependabot.yml', text: result.text });
  assert.equal(again.text, result.text);
  assert.equal(again.changes.length, 0);
});

test('update-tool: Renovate already configured means no Dependabot file', () => {
  const result = hardenUpdateTool(['renovate.json', 'package.json'], null);
  assert.equal(result.changes.length, 0);
  assert.match(result.skipped[0]?.reason ?? '', /Renovate/);
});
