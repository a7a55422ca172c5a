import type { Manifest } from './input.js';
import { workspacePatterns } from './package-lock.js';
import { parseJson, record, stringMap, text } from './parse-text.js';

/** The dependency-bearing parts of a package.json (throws InputError with the line when malformed). */
export function parseManifest(textContent: string, path: string, dir: string): Manifest {
  return manifestFromJson(record(parseJson(textContent, path)), dir);
}

/**
 * The same parts of a parsed package.json, or of an entry of npm's hidden lockfile, which holds
 * the package.json's fields as npm normalised them (`dependencies`, `optionalDependencies`,
 * `peerDependencies`, `bundleDependencies`, `version`, and `name` where it is not the folder's).
 */
export function manifestFromJson(json: Record<string, unknown>, dir: string): Manifest {
  const bundled = json.bundleDependencies ?? json.bundledDependencies;
  const manifest: Manifest = {
    dir,
    dependencies: dependencyMap(json.dependencies),
    devDependencies: dependencyMap(json.devDependencies),
    optionalDependencies: dependencyMap(json.optionalDependencies),
    peerDependencies: dependencyMap(json.peerDependencies),
    workspaces: workspacePatterns(json.workspaces),
    bundled: Array.isArray(bundled) ? bundled.filter((item): item is string => typeof item === 'string') : bundled === true ? Object.keys(stringMap(json.dependencies)) : [],
  };
  const name = text(json.name);
  const version = text(json.version);
  if (name !== undefined) manifest.name = name;
  if (version !== undefined) manifest.version = version;
  const resolutions = dependencyMap(json.resolutions);
  if (Object.keys(resolutions).length > 0) manifest.resolutions = resolutions;
  return manifest;
}

/**
 * A `{ name: range }` map: the parsed object itself when every value is a string (nothing reads a
 * manifest's maps to change them), else the string-valued copy. Copying every map of 2,200 hidden
 * lockfile entries cost ~12 ms of a cold start (#15). `__proto__` is a key a copy cannot keep.
 */
function dependencyMap(value: unknown): Record<string, string> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
  const map = value as Record<string, unknown>;
  for (const key of Object.keys(map)) if (typeof map[key] !== 'string' || key === '__proto__') return stringMap(value);
  return map as Record<string, string>;
}
