import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { nodeCrypto } from '../lazy-builtins.js';
import type { IntegrityManifest } from './manifest-format.js';

/**
 * Vigil's manifest as a Node policy manifest (`--experimental-policy`, Node 20 and 21): Node then
 * checks every module's bytes itself, in the CommonJS and the ESM loader, with no hooks thread
 * (on Node 20 that thread cost ~450 ms of CPU for 1,000 ES modules). A resource that is not
 * listed is refused by Node ("The resource was not found in the policy"), as Vigil's own hooks
 * refuse it. `dependencies: true` keeps Node's normal resolution: the manifest pins bytes, not
 * the dependency graph.
 */
export interface NodePolicy {
  /** The policy file's text, exactly as written. */
  text: string;
  /** `--policy-integrity`: Node refuses to start if the file no longer has these bytes. */
  integrity: string;
}

/** Absolute real path of each manifest entry → its SRI string (Node compares real paths as file URLs). */
export function manifestResources(manifest: IntegrityManifest, manifestFile: string): Record<string, string> {
  const declared = resolve(manifestFile, '..', manifest.root);
  let root = declared;
  try {
    root = realpathSync(declared);
  } catch {
    // a root that does not exist: every module is then refused, which is the right answer
  }
  const resources: Record<string, string> = {};
  for (const [file, integrity] of Object.entries(manifest.files)) resources[join(root, file)] = integrity;
  return resources;
}

/** What Node names code given with `-e`, `-p` or on stdin, compiled in `dir` (not module files: Vigil's hooks do not check them either). */
const COMMAND_LINE_CODE = ['[eval]-wrapper', '[eval]', '[stdin]-wrapper', '[stdin]'];

/**
 * The policy text for these files (absolute path → SRI). Pure. Node's policy also checks code
 * from the command line, as a resource in the working directory; `commandLineDirs` (the launch's
 * working directory) allows it there, so `node -e` children keep working.
 */
export function nodePolicy(files: Record<string, string | true>, commandLineDirs: string[] = []): NodePolicy {
  const resources: Record<string, { integrity: string | true; dependencies: true }> = {};
  for (const [file, integrity] of Object.entries(files)) resources[pathToFileURL(file).href] = { integrity, dependencies: true };
  for (const dir of commandLineDirs) for (const name of COMMAND_LINE_CODE) resources[pathToFileURL(join(dir, name)).href] = { integrity: true, dependencies: true };
  // Top-level `dependencies: true`: code that is not a listed resource (command-line code) may
  // still `require` as usual; what it loads is checked like anything else.
  const text = `${JSON.stringify({ onerror: 'throw', dependencies: true, resources })}\n`;
  return { text, integrity: `sha384-${nodeCrypto().createHash('sha384').update(text).digest('base64')}` };
}

/**
 * Under a policy Node also checks every `package.json` it reads to resolve modules (from each
 * module's directory up to `/`), which Vigil's hooks never did. Those the manifest lists keep
 * their hash; the others that exist now are allowed with any bytes (`true`), exactly as
 * unchecked as under the hooks, so a manifest of modules only (`generate --from-report`) still
 * runs. A package.json that appears later is refused by Node.
 */
export function packageJsonResources(files: Iterable<string>, listed: Record<string, string>): Record<string, string | true> {
  const found: Record<string, string | true> = {};
  const seen = new Set<string>();
  for (const file of files) {
    for (let dir = dirname(file); !seen.has(dir); dir = dirname(dir)) {
      seen.add(dir);
      const candidate = join(dir, 'package.json');
      if (listed[candidate] === undefined && existsSync(candidate)) found[candidate] = true;
      if (dirname(dir) === dir) break;
    }
  }
  return found;
}

/** SRI of every file in Vigil's preload directory: under a policy Node checks Vigil's own preloads too. */
export function preloadResources(dir: string): Record<string, string> {
  const resources: Record<string, string> = {};
  for (const name of readdirSync(dir)) {
    if (!/\.(cjs|mjs|js)$/.test(name)) continue;
    const file = join(realpathSync(dir), name);
    resources[file] = `sha384-${nodeCrypto().createHash('sha384').update(readFileSync(file)).digest('base64')}`;
  }
  return resources;
}

/**
 * Write the policy where nobody else can plant or swap it: a new directory (mode 700, refused if
 * it already exists) and a new file (mode 600, refused if it exists). `--policy-integrity` pins
 * the bytes as well.
 */
export function writePrivateFile(dir: string, name: string, text: string): string {
  mkdirSync(dir, { mode: 0o700 });
  const file = join(dir, name);
  try {
    writeFileSync(file, text, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return file;
}
