// Compares what a package manager says is installed from one lockfile with `vigil inventory --json`.
// Usage: node bench/lib/lockfile-corpora.mjs <bun|yarn1|berry> <oracle output file> <vigil json file> <case dir>
// (berry: the output of `yarn info -AR --json --name-only`; when Yarn gave none, Yarn's rules are applied here.)
// Prints one line: verdict and the differences. Verdicts: agree, both-refuse, differ, vigil-refuses,
// oracle-refuses. Names are compared as installed (an `npm:` alias by its alias name); non-registry
// packages (git, tarball, file, link) are counted, not named, because Bun names them by key and
// Vigil by the package the tuple names.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const [kind, oracleFile, vigilFile, caseDir] = process.argv.slice(2);
const oracleText = readFileSync(oracleFile, 'utf8');
const SEMVER = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

/** { refused: reason | null, registry: Set<name@version>, other: count } from the package manager. */
function oracle() {
  if (kind === 'bun') {
    if (/failed to parse lockfile|error:/.test(oracleText)) return { refused: oracleText.trim().split('\n').at(-1), registry: new Set(), other: 0 };
    const registry = new Set();
    const other = new Set();
    for (const line of oracleText.split('\n').slice(1)) {
      const entry = line.replace(/^[\s│├└─]+/, '').trim();
      if (entry === '') continue;
      const at = entry.indexOf('@', 1);
      const name = entry.slice(0, at);
      const resolution = entry.slice(at + 1);
      if (resolution.startsWith('workspace:')) continue;
      if (SEMVER.test(resolution)) registry.add(`${name}@${resolution}`);
      else other.add(`${name}@${resolution}`);
    }
    return { refused: null, registry, other: other.size };
  }
  if (kind === 'yarn1') {
    const events = oracleText.split('\n').filter(Boolean).map((line) => JSON.parse(line));
    const error = events.find((event) => event.type === 'error');
    if (error) return { refused: error.data, registry: new Set(), other: 0 };
    const lock = readFileSync(join(caseDir, 'yarn.lock'), 'utf8');
    const registry = new Set();
    let other = 0;
    const walk = (trees) => {
      for (const tree of trees ?? []) {
        // A child shown by its range (`ms@^2.0.0`, dimmed) points at a package listed elsewhere.
        const version = tree.name.slice(tree.name.lastIndexOf('@') + 1);
        if (tree.shadow === true || !SEMVER.test(version)) {
          walk(tree.children);
          continue;
        }
        // Yarn lists the installed name; whether it came from the registry is in its own `resolved`.
        const key = tree.name.slice(0, tree.name.lastIndexOf('@'));
        if (isRegistryInYarn1(lock, key)) registry.add(tree.name);
        else other++;
        walk(tree.children);
      }
    };
    walk(events.find((event) => event.type === 'tree')?.data.trees);
    return { refused: null, registry, other };
  }
  // Yarn Berry's own answer (`yarn info -AR --json --name-only`), when Yarn can give it offline.
  const locators = oracleText.split('\n').filter((line) => line.startsWith('"')).map((line) => JSON.parse(line));
  if (locators.length === 0) return { ...berry(), rules: true };
  const registry = new Set();
  const other = new Set();
  for (const raw of locators) {
    const locator = raw.replace(/@virtual:[0-9a-f]+#/, '@');
    const at = locator.indexOf('@', 1);
    const name = locator.slice(0, at);
    const reference = locator.slice(at + 1);
    if (reference.startsWith('workspace:')) continue;
    const version = /^npm:(.+)$/.exec(reference)?.[1] ?? /::version=([^&]+)/.exec(reference)?.[1];
    if (/^(npm|patch):/.test(reference) && version !== undefined && SEMVER.test(version)) registry.add(`${name}@${version}`);
    else other.add(locator);
  }
  return { refused: null, registry, other: other.size };
}

/** Does yarn.lock v1 resolve `name` (as installed) from a registry tarball? */
function isRegistryInYarn1(lock, name) {
  const head = lock.split('\n\n').find((block) => block.split('\n').some((line) => line.split(/,\s*/).some((part) => part.replace(/^"/, '').startsWith(`${name}@`) && !line.startsWith(' '))));
  if (head === undefined) return false;
  const descriptor = head.split('\n').find((line) => !line.startsWith(' ') && !line.startsWith('#')) ?? '';
  const resolved = /resolved "([^"]+)"/.exec(head)?.[1];
  const range = descriptor.slice(descriptor.indexOf('@', descriptor.startsWith('"@') ? 2 : 1) + 1);
  return resolved !== undefined && /\/-\/[^/]+\.tgz(#|$)/.test(resolved) && !/^"?(https?:|file:|git)/.test(range);
}

/**
 * Yarn Berry cannot be run offline on these fixtures (its install resolves against the registry),
 * so its rules are applied here: Project.setupResolutions (an entry without `resolution` or
 * `linkType` stops Yarn) and the resolution walk from the workspaces over `dependencies`, with
 * the root's `resolutions`. Parsed with Yarn's own parser (@yarnpkg/parsers).
 */
function berry() {
  const require = createRequire(join(process.cwd(), 'package.json'));
  const { parseSyml } = require('@yarnpkg/parsers');
  const lock = parseSyml(readFileSync(join(caseDir, 'yarn.lock'), 'utf8'));
  const byDescriptor = new Map();
  const entries = new Map();
  for (const [key, entry] of Object.entries(lock)) {
    if (key === '__metadata') continue;
    if (entry.resolution === undefined) return { refused: `Assertion failed: Expected the lockfile entry to have a resolution field (${key})`, registry: new Set(), other: 0 };
    if (typeof entry.linkType !== 'string') return { refused: `linkType missing (${key})`, registry: new Set(), other: 0 };
    entries.set(entry.resolution, entry);
    for (const descriptor of key.split(/\s*,\s*/)) byDescriptor.set(descriptor.replace(/::.*$/, ''), entry.resolution);
  }
  const resolutions = existsSync(join(caseDir, 'package.json')) ? (JSON.parse(readFileSync(join(caseDir, 'package.json'), 'utf8')).resolutions ?? {}) : {};
  const registry = new Set();
  const other = new Set();
  const seen = new Set();
  const visit = (locator) => {
    const entry = entries.get(locator);
    if (entry === undefined) return;
    const workspace = locator.includes('@workspace:');
    if (!workspace) {
      const reference = locator.slice(locator.indexOf('@', 1) + 1);
      if (/^(npm|patch):/.test(reference) && SEMVER.test(String(entry.version))) registry.add(`${locator.slice(0, locator.indexOf('@', 1))}@${entry.version}`);
      else other.add(locator);
    }
    if (seen.has(locator)) return;
    seen.add(locator);
    for (const [name, range] of Object.entries(entry.dependencies ?? {})) {
      const pinned = resolutions[name] ?? resolutions[`**/${name}`];
      const candidates = [`${name}@${range}`, `${name}@npm:${range}`, ...(pinned === undefined ? [] : [`${name}@npm:${pinned}`, `${name}@${pinned}`])];
      const target = candidates.map((descriptor) => byDescriptor.get(descriptor)).find((found) => found !== undefined);
      if (target !== undefined) visit(target);
    }
  };
  for (const locator of entries.keys()) if (locator.includes('@workspace:')) visit(locator);
  return { refused: null, registry, other: other.size };
}

/** The same three things from Vigil's inventory. */
function vigil() {
  let json;
  try {
    json = JSON.parse(readFileSync(vigilFile, 'utf8'));
  } catch {
    return { refused: 'no JSON (exit 2)', registry: new Set(), other: 0 };
  }
  const errors = (json.problems ?? []).filter((problem) => problem.severity === 'error');
  const packages = json.packages.filter((pkg) => pkg.origin === 'lockfile');
  const registry = new Set();
  let other = 0;
  for (const pkg of packages) {
    if (pkg.source === 'registry') registry.add(`${pkg.name}@${pkg.version}`);
    // Bun and Yarn 1 list an alias by the name it is installed under; Yarn Berry by its locator.
    else if (pkg.source === 'alias') registry.add(`${kind === 'berry' ? pkg.name : (/^(.+?)@npm:/.exec(pkg.spec ?? '')?.[1] ?? pkg.name)}@${pkg.version}`);
    else {
      other++;
      // A package that is not from the registry has no version, a commit, or a version it states.
      if (pkg.version !== null && !SEMVER.test(pkg.version) && !/^[0-9a-f]{7,40}$/.test(pkg.version)) registry.add(`${pkg.name}@${pkg.version} (a ${pkg.source} package with a made-up version)`);
    }
  }
  return { refused: errors.length > 0 ? errors.map((problem) => `${problem.path}:${problem.line ?? ''} ${problem.message}`).join(' | ') : null, registry, other, unreached: packages.filter((pkg) => pkg.paths.length === 0).map((pkg) => `${pkg.name}@${pkg.version}`) };
}

const want = oracle();
const got = vigil();
if (want.refused !== null || got.refused !== null) {
  const verdict = want.refused !== null && got.refused !== null ? 'both-refuse' : want.refused !== null ? 'oracle-refuses' : 'vigil-refuses';
  console.log(`${verdict}${want.rules ? ' (Yarn rules)' : ''}\toracle: ${want.refused ?? '-'}\tvigil: ${got.refused ?? '-'}`);
} else {
  const missing = [...want.registry].filter((item) => !got.registry.has(item));
  const extra = [...got.registry].filter((item) => !want.registry.has(item));
  const same = missing.length === 0 && extra.length === 0 && want.other === got.other;
  console.log(`${same ? 'agree' : 'differ'}${want.rules ? ' (Yarn rules)' : ''}\t${want.registry.size} registry + ${want.other} other\tonly in oracle: ${missing.join(' ') || '-'}\tonly in vigil: ${extra.join(' ') || '-'}${want.other === got.other ? '' : `\tother: oracle ${want.other}, vigil ${got.other}`}${got.unreached.length > 0 ? `\tvigil unreached: ${got.unreached.join(' ')}` : ''}`);
}
