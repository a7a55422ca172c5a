import type { FileSource } from './file-source.js';
import type { JavaScriptScan } from './javascript/index.js';
import type { Inventory, Package } from './types.js';
import type { VendoredScan } from './vendored/scan.js';

const relativePath = (source: FileSource, foundIn: string): string => (source.ref && foundIn.startsWith(`${source.ref.name}:`) ? foundIn.slice(source.ref.name.length + 1) : foundIn);

/**
 * A JavaScript package found inside a vendored dependency (npm's bundled node_modules, undici's
 * busboy) belongs to it: record the parent and make sure its chain starts at the vendored
 * directory (`deps/npm › node_modules/@npmcli/arborist › node_modules/minimatch`, issue #2 and
 * nodejs-dependency-vuln-assessments#89).
 */
function attachToVendored(pkg: Package, vendored: Package[], source: FileSource): Package {
  const path = relativePath(source, pkg.foundIn);
  const parent = vendored
    .filter((candidate) => candidate.nestedIn === undefined && candidate.paths[0]?.[0] !== undefined && path.startsWith(`${candidate.paths[0][0]}/`))
    .sort((a, b) => (b.paths[0]?.[0]?.length ?? 0) - (a.paths[0]?.[0]?.length ?? 0))[0];
  const directory = parent?.paths[0]?.[0];
  if (!parent || directory === undefined) return pkg;
  const paths = pkg.paths.map((chain) => (chain[0] === directory || chain[0]?.startsWith(`${directory}/`) ? chain : [directory, ...chain]));
  return { ...pkg, nestedIn: pkg.nestedIn ?? parent.name, paths: paths.length > 0 ? paths : [[directory]] };
}

/**
 * Node.js ships its vendored dependencies (npm's installed node_modules among them), never what a
 * lockfile in the tree installs: every lockfile of a Node core checkout (tools/doc, tools/lint-md,
 * deps/v8/tools, a dependency's own dev lockfile such as deps/undici's) locks build and test tooling.
 */
function isToolingLockfile(foundIn: string, pkg: Package): boolean {
  return (pkg.origin === 'lockfile' || pkg.origin === 'sbom') && !foundIn.startsWith('deps/npm/node_modules/');
}

/** The JavaScript packages of a tree with vendored ones: repeats dropped, the rest attached to their vendored parent. */
function mergeJavaScript(source: FileSource, vendored: VendoredScan | null, vendoredPackages: Package[], packages: Package[]): Package[] {
  const seen = new Set(vendoredPackages.map((pkg) => `${pkg.foundIn}\u0000${pkg.name}\u0000${pkg.version}`));
  return packages
    .filter((pkg) => !seen.has(`${pkg.foundIn}\u0000${pkg.name}\u0000${pkg.version}`))
    .map((pkg) => attachToVendored(pkg, vendoredPackages, source))
    .map((pkg) => (vendored?.node && isToolingLockfile(relativePath(source, pkg.foundIn), pkg) ? { ...pkg, tooling: true } : pkg));
}

/** One Inventory from the two scanners; a JavaScript package that repeats a vendored one is dropped. */
export function mergeScans(source: FileSource, vendored: VendoredScan | null, javascript: JavaScriptScan): Inventory {
  const vendoredPackages = vendored?.packages ?? [];
  // Not a Node core tree and nothing vendored (every project but Node itself): nothing to drop,
  // attach or mark, so no key per package is made.
  const javascriptPackages = vendoredPackages.length === 0 && !vendored?.node ? javascript.packages : mergeJavaScript(source, vendored, vendoredPackages, javascript.packages);
  const problems = [...(vendored?.problems ?? []), ...javascript.problems];
  return {
    root: source.root,
    ref: source.ref,
    node: vendored?.node ?? null,
    sources: [...(vendored?.sources ?? []), ...javascript.sources],
    packages: [...vendoredPackages, ...javascriptPackages],
    unrecognised: vendored?.unrecognised ?? [],
    problems,
    ...(javascript.ignored && javascript.ignored.length > 0 ? { ignored: javascript.ignored } : {}),
    partial: problems.some((problem) => problem.severity === 'error'),
  };
}
