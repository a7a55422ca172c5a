import type { Inventory, Package } from '../../inventory/index.js';
import type { Manifest } from '../../inventory/javascript/input.js';
import { classifySpec, parseAliasTarget } from '../../inventory/javascript/spec.js';
import type { Candidate, DependencyType } from './types.js';

/** npm outdated's order: a name in several sections is reported once, under the first. */
const SECTIONS: Exclude<DependencyType, 'transitive'>[] = ['dependencies', 'optionalDependencies', 'devDependencies', 'peerDependencies'];

/** The package.json of a path's first link (`.`, `packages/app`). */
export function manifestPath(dir: string): string {
  return dir === '.' ? 'package.json' : `${dir}/package.json`;
}

/** The name a dependency is declared under, from a path link (`chalk@4.1.2`, `@s/x@1.0.0`, `alias@npm:real@1.0.0`). */
export function declaredName(link: string): string {
  const at = link.indexOf('@', 1);
  return at === -1 ? link : link.slice(0, at);
}

const NOT_REGISTRY: Partial<Record<Package['source'], string>> = {
  git: 'a git dependency',
  file: 'a file: dependency',
  link: 'a linked directory',
  tarball: 'a tarball URL',
  unknown: 'not a registry spec',
};

/** The registry name and range a declared spec means (`npm:real@^1` → real, ^1); null when not a registry spec. */
function registrySpec(name: string, spec: string): { name: string; range: string } | null {
  const kind = classifySpec(spec);
  if (kind === 'alias') return parseAliasTarget(spec);
  if (kind === 'registry' || kind === 'unknown') return { name, range: spec };
  return null;
}

/** Every lockfile root (the project, each workspace): the manifests to read. */
export function rootsOf(inventory: Inventory): string[] {
  const roots = new Set<string>();
  for (const pkg of inventory.packages) {
    if (pkg.origin !== 'lockfile' || !pkg.direct) continue;
    for (const path of pkg.paths) if (path.length === 2 && path[0] !== undefined) roots.add(path[0]);
  }
  return [...roots].sort();
}

/**
 * What to look up, from the inventory's lockfile packages and the package.json files that
 * declare them: one candidate per (lockfile, declaring package.json, declared name), with the
 * declared range; declared dependencies the lockfile lacks are candidates without a current
 * version. With `transitive`, one more per (lockfile, name, version) brought in indirectly.
 */
export function candidatesOf(inventory: Inventory, manifests: ReadonlyMap<string, Manifest | null>, transitive: boolean): Candidate[] {
  const found = new Map<string, Candidate>();
  const rootLockfile = new Map<string, string>();
  const lockfilePackages = inventory.packages.filter((pkg) => pkg.origin === 'lockfile');
  for (const pkg of lockfilePackages.filter((candidate) => candidate.direct)) {
    for (const path of pkg.paths) {
      if (path.length !== 2) continue;
      const [root, link] = path as [string, string];
      rootLockfile.set(root, pkg.foundIn);
      const declared = declaredName(link);
      const manifest = manifests.get(manifestPath(root)) ?? null;
      const section = manifest ? SECTIONS.find((name) => manifest[name][declared] !== undefined) : undefined;
      const spec = section && manifest ? manifest[section][declared]! : null;
      const target = spec === null ? { name: pkg.name, range: null } : registrySpec(declared, spec);
      const key = `${pkg.foundIn}\u0000${root}\u0000${declared}`;
      if (found.has(key)) continue;
      const base: Candidate = {
        name: target?.name ?? pkg.name,
        ...(declared !== pkg.name ? { alias: declared } : {}),
        lockfile: pkg.foundIn,
        declaredIn: section ? manifestPath(root) : null,
        type: section ?? (pkg.scope === 'dev' ? 'devDependencies' : pkg.scope === 'optional' ? 'optionalDependencies' : 'dependencies'),
        range: target?.range ?? null,
        current: pkg.version,
      };
      const notRegistry = NOT_REGISTRY[pkg.source] ?? (target === null ? `declared as ${JSON.stringify(spec)}, not a registry range` : undefined);
      found.set(key, notRegistry ? { ...base, skipReason: `${notRegistry}${pkg.spec ? ` (${pkg.spec})` : ''}: not on the registry` } : base);
    }
  }
  // Declared but not locked: npm outdated's MISSING (the lockfile is out of date). Workspaces are linked, not locked.
  const workspaces = new Set([...manifests.values()].flatMap((manifest) => (manifest?.name ? [manifest.name] : [])));
  for (const [root, lockfile] of rootLockfile) {
    const manifest = manifests.get(manifestPath(root));
    if (!manifest) continue;
    for (const section of SECTIONS) {
      for (const [declared, spec] of Object.entries(manifest[section])) {
        const key = `${lockfile}\u0000${root}\u0000${declared}`;
        const target = registrySpec(declared, spec);
        if (found.has(key) || target === null || workspaces.has(declared) || SECTIONS.slice(0, SECTIONS.indexOf(section)).some((earlier) => manifest[earlier][declared] !== undefined)) continue;
        // Peer dependencies are the dependent's to install; npm does not lock an unmet optional peer.
        if (section === 'peerDependencies') continue;
        found.set(key, { name: target.name, ...(declared !== target.name ? { alias: declared } : {}), lockfile, declaredIn: manifestPath(root), type: section, range: target.range, current: null });
      }
    }
  }
  if (transitive) {
    for (const pkg of lockfilePackages) {
      if (pkg.direct || (pkg.source !== 'registry' && pkg.source !== 'alias')) continue;
      const key = `${pkg.foundIn}\u0000\u0000${pkg.name}@${pkg.version ?? ''}`;
      if (!found.has(key)) found.set(key, { name: pkg.name, lockfile: pkg.foundIn, declaredIn: null, type: 'transitive', range: null, current: pkg.version });
    }
  }
  return [...found.values()];
}
