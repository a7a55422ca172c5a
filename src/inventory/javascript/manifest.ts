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
    dependencies: stringMap(json.dependencies),
    devDependencies: stringMap(json.devDependencies),
    optionalDependencies: stringMap(json.optionalDependencies),
    peerDependencies: stringMap(json.peerDependencies),
    workspaces: workspacePatterns(json.workspaces),
    bundled: Array.isArray(bundled) ? bundled.filter((item): item is string => typeof item === 'string') : bundled === true ? Object.keys(stringMap(json.dependencies)) : [],
  };
  const name = text(json.name);
  const version = text(json.version);
  if (name !== undefined) manifest.name = name;
  if (version !== undefined) manifest.version = version;
  const resolutions = stringMap(json.resolutions);
  if (Object.keys(resolutions).length > 0) manifest.resolutions = resolutions;
  return manifest;
}
