// What a production install keeps, from the package manager, against Vigil's packages that are not dev.
// Usage: node bench/lib/production-set.mjs <yarn1|berry> <case dir> <vigil json file> [yarn1: `yarn list --production --json` output]
// Yarn 1 answers itself (`yarn list --offline --production`). Yarn 4 cannot be asked offline (`yarn info
// -AR` lists the whole lockfile whatever the manifests say), so its rules are applied, parsed with
// Yarn's own @yarnpkg/parsers: `workspaces focus --production` drops every workspace's
// devDependencies; the walk follows the lockfile's `dependencies` (never `peerDependencies`: a peer is
// the parent's package) with the root's `resolutions`. Prints: verdict, counts, the differences.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const [kind, caseDir, vigilFile, oracleFile] = process.argv.slice(2);

/** name@version of every package Yarn 1 lists for `--production` (aliases by their installed name). */
function yarn1() {
  const events = readFileSync(oracleFile, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
  const names = new Set();
  const walk = (trees) => {
    for (const tree of trees ?? []) {
      if (tree.shadow !== true) names.add(tree.name);
      walk(tree.children);
    }
  };
  walk(events.find((event) => event.type === 'tree')?.data.trees);
  return names;
}

function berry() {
  const { parseSyml } = createRequire(join(process.cwd(), 'package.json'))('@yarnpkg/parsers');
  const lock = parseSyml(readFileSync(join(caseDir, 'yarn.lock'), 'utf8'));
  const byDescriptor = new Map();
  const entries = new Map();
  for (const [key, entry] of Object.entries(lock)) {
    if (key === '__metadata') continue;
    entries.set(entry.resolution, entry);
    for (const descriptor of key.split(/\s*,\s*/)) byDescriptor.set(descriptor.replace(/::.*$/, ''), entry.resolution);
  }
  const resolutions = JSON.parse(readFileSync(join(caseDir, 'package.json'), 'utf8')).resolutions ?? {};
  const find = (name, range) => byDescriptor.get(`${name}@${range}`) ?? byDescriptor.get(`${name}@npm:${range}`);
  const resolve = (name, range) => {
    const pinned = resolutions[name] ?? resolutions[`**/${name}`];
    return (pinned === undefined ? undefined : find(name, pinned)) ?? find(name, range);
  };
  const names = new Set();
  const seen = new Set();
  const visit = (locator) => {
    if (locator === undefined || seen.has(locator)) return;
    seen.add(locator);
    const entry = entries.get(locator);
    if (entry === undefined) return;
    let dependencies = entry.dependencies ?? {};
    if (locator.includes('@workspace:')) {
      const manifest = JSON.parse(readFileSync(join(caseDir, locator.slice(locator.indexOf('@workspace:') + 11), 'package.json'), 'utf8'));
      dependencies = { ...manifest.dependencies, ...manifest.optionalDependencies };
    } else names.add(`${locator.slice(0, locator.indexOf('@', 1))}@${entry.version}`);
    for (const [name, range] of Object.entries(dependencies)) visit(resolve(name, range) ?? resolve(name, `workspace:${range}`));
  };
  for (const locator of entries.keys()) if (locator.includes('@workspace:')) visit(locator);
  return names;
}

const want = kind === 'yarn1' ? yarn1() : berry();
const vigil = JSON.parse(readFileSync(vigilFile, 'utf8'));
// Yarn 1 lists an alias by the name it is installed under; Berry by the package's own name.
const installedName = (pkg) => (kind === 'yarn1' && pkg.source === 'alias' ? (/^(.+?)@npm:/.exec(pkg.spec ?? '')?.[1] ?? pkg.name) : pkg.name);
const got = new Set(vigil.packages.filter((pkg) => pkg.origin === 'lockfile' && pkg.flags.dev !== true).map((pkg) => `${installedName(pkg)}@${pkg.version}`));
const missing = [...want].filter((item) => !got.has(item));
const extra = [...got].filter((item) => !want.has(item));
console.log(`${missing.length === 0 && extra.length === 0 ? 'agree' : 'differ'}${kind === 'berry' ? ' (Yarn rules)' : ''}\t${want.size} in production\tnot dev only in oracle: ${missing.join(' ') || '-'}\tnot dev only in vigil: ${extra.join(' ') || '-'}`);
