import { cpe23, npmPurl, packageUrlClass, vendoredPurl } from '../purl.js';
import type { Package } from '../types.js';
import type { PurlRule, VendoredDependency } from './types.js';

function purlFor(rule: PurlRule, name: string, version: string | null): string {
  switch (rule.type) {
    case 'github':
      return vendoredPurl(name, version, { github: rule.repo });
    case 'npm':
      return npmPurl(rule.name ?? name, version);
    case 'pypi':
      return new (packageUrlClass())('pypi', undefined, rule.name, version ?? undefined, undefined, undefined).toString();
    case 'generic':
      return vendoredPurl(name, version);
  }
}

/** What the scanner learned about one entry. */
export interface Resolved {
  version: string | null;
  /** The file the version came from (or the directory, when none did), as reported. */
  foundIn: string;
  reason?: string;
  /** The parent's directory, for nested components. */
  parentDirectory?: string;
}

/** The inventory Package for a registry entry and what was read for it. */
export function toPackage(entry: VendoredDependency, resolved: Resolved): Package {
  const { version, foundIn } = resolved;
  const variant = version === null ? {} : (entry.variant?.(version) ?? {});
  const fork = variant.fork ?? entry.fork;
  const upstream = variant.upstream ?? entry.upstream;
  const cpe = entry.cpe ? cpe23(entry.cpe.vendor, entry.cpe.product, version === null ? null : (variant.cpeVersion ?? version)) : null;
  return {
    id: `vendored:${foundIn}:${entry.name}@${version ?? 'unknown'}`,
    ecosystem: entry.ecosystem,
    name: entry.name,
    version,
    ...(resolved.reason === undefined ? {} : { versionUnknownReason: resolved.reason }),
    purl: purlFor(variant.purl ?? entry.purl, entry.name, version),
    // A CPE without a version would match every advisory for the product: leave it out.
    cpe: version === null ? null : cpe,
    origin: 'vendored',
    foundIn,
    scope: 'prod',
    direct: entry.nestedIn === undefined,
    flags: {},
    source: 'vendored',
    paths: [resolved.parentDirectory ? [resolved.parentDirectory, entry.directory] : [entry.directory]],
    ...(fork ? { fork } : {}),
    ...(entry.nestedIn ? { nestedIn: entry.nestedIn } : {}),
    ...(upstream ? { upstream } : {}),
    ...(entry.tooling ? { tooling: true } : {}),
  };
}
