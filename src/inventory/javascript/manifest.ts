import type { Manifest } from './input.js';
import { workspacePatterns } from './package-lock.js';
import { parseJson, record, stringMap, text } from './parse-text.js';

/** The dependency-bearing parts of a package.json (throws InputError with the line when malformed). */
export function parseManifest(textContent: string, path: string, dir: string): Manifest {
  const json = record(parseJson(textContent, path));
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
