/**
 * Every installed package directory under a project (nested `node_modules` included, workspace
 * links followed once), by name and version: where a finding's package lives on disk.
 */
import { readdirSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';

export interface InstalledPackage {
  name: string;
  version: string | null;
  /** Realpath of the package directory. */
  dir: string;
  /** Names it depends on (dependencies, optional, peer): what it can load in turn. */
  dependencies: string[];
}

type Manifest = { name?: unknown; version?: unknown; dependencies?: object; optionalDependencies?: object; peerDependencies?: object };

function readManifest(dir: string): Manifest | null {
  try {
    return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
  } catch {
    return null;
  }
}

/** Walk `root/node_modules` (and nested ones) for package directories. */
export function installedPackages(root: string): InstalledPackage[] {
  const out: InstalledPackage[] = [];
  const seen = new Set<string>();
  const visitModules = (modulesDir: string): void => {
    let entries;
    try {
      entries = readdirSync(modulesDir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const path = join(modulesDir, entry.name);
      if (entry.name.startsWith('@') && entry.isDirectory()) {
        visitModules(path);
        continue;
      }
      if (!entry.isDirectory() && !entry.isSymbolicLink()) continue;
      let dir: string;
      try {
        dir = realpathSync(path);
      } catch {
        continue;
      }
      if (seen.has(dir)) continue;
      seen.add(dir);
      const manifest = readManifest(dir);
      if (manifest && typeof manifest.name === 'string') out.push({ name: manifest.name, version: typeof manifest.version === 'string' ? manifest.version : null, dir, dependencies: Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies, ...manifest.peerDependencies }) });
      visitModules(join(dir, 'node_modules'));
    }
  };
  visitModules(join(root, 'node_modules'));
  return out;
}
