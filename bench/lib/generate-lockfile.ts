// Generates realistic lockfiles of any size for the lockfile benchmarks (issue #2: "a generated
// 50,000-package lockfile"). One synthetic dependency graph, written as package-lock.json v3,
// yarn.lock v1 and pnpm-lock.yaml 9.0, so the formats are measured on the same project.
//
// Shape, from real lockfiles (the 2,599-package gatsby/strapi one in the fixtures): ~20% scoped
// names, 0–12 dependencies per package with most having few (mean ≈ 3), a popular core of small
// leaf packages everybody uses (the `ms`, `tslib`, `lodash` of a graph), ~8% of packages also
// installed at a second, nested version, and ~35% of the tree reachable only from devDependencies.

/** A deterministic pseudo-random generator (mulberry32), so every run measures the same file. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface GeneratedPackage {
  name: string;
  version: string;
  /** Indices of the packages it depends on. */
  deps: number[];
  dev: boolean;
  /** A second version installed under the first dependent that needs it. */
  nested?: { version: string; under: number };
}

export interface GeneratedProject {
  packages: GeneratedPackage[];
  prodRoots: number[];
  devRoots: number[];
}

const INTEGRITY = 'sha512-' + 'A'.repeat(86) + '==';

/** A project of about `count` installed packages (nested duplicates included). */
export function generateProject(count: number, seed = 2026): GeneratedProject {
  const rand = random(seed);
  const distinct = Math.round(count / 1.08);
  const popular = Math.max(20, Math.round(distinct * 0.04));
  const packages: GeneratedPackage[] = [];
  for (let index = 0; index < distinct; index++) {
    const name = rand() < 0.2 ? `@scope-${index % 97}/pkg-${index}` : `pkg-${index}`;
    packages.push({ name, version: `${1 + Math.floor(rand() * 9)}.${Math.floor(rand() * 20)}.${Math.floor(rand() * 10)}`, deps: [], dev: true });
  }
  // Packages sit in layers (real trees are 5 to 15 deep); dependencies point to deeper layers,
  // half of them into the popular core of small leaves at the bottom. A DAG, like most graphs.
  const layers = 10;
  const layerSize = Math.ceil((distinct - popular) / layers);
  for (let index = 0; index < distinct; index++) {
    const fanOut = Math.min(12, Math.floor(-Math.log(1 - rand()) * 3));
    const deps = new Set<number>();
    const nextLayer = (Math.floor(index / layerSize) + 1) * layerSize;
    for (let edge = 0; edge < fanOut; edge++) {
      const target = rand() < 0.5 || nextLayer >= distinct - popular ? distinct - 1 - Math.floor(rand() * popular) : nextLayer + Math.floor(rand() * layerSize);
      if (target > index && target < distinct) deps.add(target);
    }
    (packages[index] as GeneratedPackage).deps = [...deps];
  }
  const rootCount = Math.min(150, Math.max(5, Math.round(distinct / 40)));
  const roots = Array.from({ length: rootCount }, (_, index) => Math.floor((index * layerSize) / rootCount));
  // Real lockfiles hold no orphans: a package nothing needs gets an earlier dependent (package 0 is a root).
  const needed = new Set([...roots, ...packages.flatMap((pkg) => pkg.deps)]);
  for (let index = 1; index < distinct; index++) if (!needed.has(index)) (packages[Math.max(0, index - layerSize)] as GeneratedPackage).deps.push(index);
  const prodRoots = roots.filter((_, index) => index % 3 !== 0);
  const devRoots = roots.filter((_, index) => index % 3 === 0);
  // A package gets a second, nested version only when someone else still needs the hoisted one.
  const dependents = new Map<number, number>();
  for (const pkg of packages) for (const dep of pkg.deps) dependents.set(dep, (dependents.get(dep) ?? 0) + 1);
  let nested = 0;
  for (let index = 0; index < distinct && nested < count - distinct; index++) {
    const pkg = packages[index] as GeneratedPackage;
    const dep = pkg.deps[0];
    if (dep !== undefined && (dependents.get(dep) ?? 0) > 1 && !roots.includes(dep) && rand() < 0.25) {
      const target = packages[dep] as GeneratedPackage;
      if (target.nested === undefined) {
        target.nested = { version: `0.${Math.floor(rand() * 20)}.${Math.floor(rand() * 10)}`, under: index };
        nested++;
      }
    }
  }
  // Whatever production roots reach is not dev.
  const queue = [...prodRoots];
  for (const index of queue) (packages[index] as GeneratedPackage).dev = false;
  for (let cursor = 0; cursor < queue.length; cursor++) {
    const from = queue[cursor] as number;
    for (const dep of (packages[from] as GeneratedPackage).deps) {
      const pkg = packages[dep] as GeneratedPackage;
      // The dependent with a nested copy uses that copy, not the hoisted version.
      if (pkg.dev && pkg.nested?.under !== from) {
        pkg.dev = false;
        queue.push(dep);
      }
    }
  }
  return { packages, prodRoots, devRoots };
}

const caret = (version: string): string => `^${version}`;
const tarball = (name: string, version: string): string => `https://registry.npmjs.org/${name}/-/${name.split('/').pop() ?? name}-${version}.tgz`;
/** The version `dependent` sees of `dep`: its nested copy when it has one. */
const versionSeen = (project: GeneratedProject, dependent: number, dep: number): string => {
  const pkg = project.packages[dep] as GeneratedPackage;
  return pkg.nested?.under === dependent ? pkg.nested.version : pkg.version;
};

/** package-lock.json v3. */
export function toPackageLock(project: GeneratedProject): string {
  const entries: Record<string, unknown> = {};
  const named = (indices: number[]): Record<string, string> => Object.fromEntries(indices.map((index) => [project.packages[index]?.name ?? '', caret(project.packages[index]?.version ?? '')]));
  entries[''] = { name: 'generated-app', version: '1.0.0', dependencies: named(project.prodRoots), devDependencies: named(project.devRoots) };
  project.packages.forEach((pkg, index) => {
    const deps = Object.fromEntries(pkg.deps.map((dep) => [project.packages[dep]?.name ?? '', caret(versionSeen(project, index, dep))]));
    entries[`node_modules/${pkg.name}`] = { version: pkg.version, resolved: tarball(pkg.name, pkg.version), integrity: INTEGRITY, ...(pkg.dev ? { dev: true } : {}), license: 'MIT', ...(pkg.deps.length ? { dependencies: deps } : {}) };
    if (pkg.nested) {
      const under = project.packages[pkg.nested.under] as GeneratedPackage;
      entries[`node_modules/${under.name}/node_modules/${pkg.name}`] = { version: pkg.nested.version, resolved: tarball(pkg.name, pkg.nested.version), integrity: INTEGRITY, ...(under.dev ? { dev: true } : {}), license: 'MIT' };
    }
  });
  return `${JSON.stringify({ name: 'generated-app', version: '1.0.0', lockfileVersion: 3, requires: true, packages: entries }, null, 2)}\n`;
}

/** The package.json that goes with the lockfiles (yarn.lock needs it for direct dependencies). */
export function toPackageJson(project: GeneratedProject): string {
  const named = (indices: number[]): Record<string, string> => Object.fromEntries(indices.map((index) => [project.packages[index]?.name ?? '', caret(project.packages[index]?.version ?? '')]));
  return `${JSON.stringify({ name: 'generated-app', version: '1.0.0', dependencies: named(project.prodRoots), devDependencies: named(project.devRoots) }, null, 2)}\n`;
}

/** yarn.lock v1. */
export function toYarnLock(project: GeneratedProject): string {
  const lines = ['# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.', '# yarn lockfile v1', '', ''];
  const entry = (name: string, version: string, deps: [string, string][]): void => {
    const key = name.startsWith('@') ? `"${name}@${caret(version)}"` : `${name}@${caret(version)}`;
    lines.push(`${key}:`, `  version "${version}"`, `  resolved "${tarball(name, version)}#0000000000000000000000000000000000000000"`, `  integrity ${INTEGRITY}`);
    if (deps.length > 0) {
      lines.push('  dependencies:');
      for (const [dep, range] of deps) lines.push(`    ${dep.startsWith('@') ? `"${dep}"` : dep} "${range}"`);
    }
    lines.push('');
  };
  project.packages.forEach((pkg, index) => {
    entry(pkg.name, pkg.version, pkg.deps.map((dep) => [project.packages[dep]?.name ?? '', caret(versionSeen(project, index, dep))]));
    if (pkg.nested) entry(pkg.name, pkg.nested.version, []);
  });
  return lines.join('\n');
}

/** pnpm-lock.yaml 9.0. */
export function toPnpmLock(project: GeneratedProject): string {
  const lines = ["lockfileVersion: '9.0'", '', 'settings:', '  autoInstallPeers: true', '  excludeLinksFromLockfile: false', '', 'importers:', '', '  .:'];
  const quote = (name: string): string => (name.startsWith('@') ? `'${name}'` : name);
  for (const [field, roots] of [['dependencies', project.prodRoots], ['devDependencies', project.devRoots]] as const) {
    lines.push(`    ${field}:`);
    for (const index of roots) {
      const pkg = project.packages[index] as GeneratedPackage;
      lines.push(`      ${quote(pkg.name)}:`, `        specifier: ${caret(pkg.version)}`, `        version: ${pkg.version}`);
    }
  }
  lines.push('', 'packages:', '');
  const key = (name: string, version: string): string => (name.startsWith('@') ? `'${name}@${version}'` : `${name}@${version}`);
  for (const pkg of project.packages) {
    lines.push(`  ${key(pkg.name, pkg.version)}:`, `    resolution: {integrity: ${INTEGRITY}}`, '');
    if (pkg.nested) lines.push(`  ${key(pkg.name, pkg.nested.version)}:`, `    resolution: {integrity: ${INTEGRITY}}`, '');
  }
  lines.push('snapshots:', '');
  project.packages.forEach((pkg, index) => {
    if (pkg.deps.length === 0) lines.push(`  ${key(pkg.name, pkg.version)}: {}`, '');
    else {
      lines.push(`  ${key(pkg.name, pkg.version)}:`, '    dependencies:');
      for (const dep of pkg.deps) lines.push(`      ${quote(project.packages[dep]?.name ?? '')}: ${versionSeen(project, index, dep)}`);
      lines.push('');
    }
    if (pkg.nested) lines.push(`  ${key(pkg.name, pkg.nested.version)}: {}`, '');
  });
  return lines.join('\n');
}
