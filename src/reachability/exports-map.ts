/**
 * package.json `exports` and `imports` maps, read as Node's resolution algorithm reads them
 * (https://nodejs.org/api/esm.html#resolution-algorithm-specification: PACKAGE_EXPORTS_RESOLVE,
 * PACKAGE_IMPORTS_EXPORTS_RESOLVE, PATTERN_KEY_COMPARE), with one deliberate difference: every
 * condition is followed, not the first that matches. A graph that must never miss a module takes
 * the union of what `require`, `import`, `node`, `browser`, `default` and custom conditions name.
 */

type MapValue = string | null | MapValue[] | { [key: string]: MapValue };

/** Every target string of a conditional value (all branches, arrays as alternatives), `*` replaced. */
function targetsOf(value: MapValue | undefined, star: string | null, out: string[]): void {
  if (typeof value === 'string') out.push(star === null ? value : value.replaceAll('*', star));
  else if (Array.isArray(value)) for (const item of value) targetsOf(item, star, out);
  else if (value && typeof value === 'object') for (const item of Object.values(value)) targetsOf(item, star, out);
}

/** `exports` written as a string, an array or a conditions object means the `.` subpath. */
function subpathMap(exports: MapValue): Record<string, MapValue> {
  if (typeof exports === 'string' || Array.isArray(exports) || exports === null) return { '.': exports };
  const keys = Object.keys(exports);
  return keys.length > 0 && keys.every((key) => !key.startsWith('.')) ? { '.': exports } : exports;
}

/** PATTERN_KEY_COMPARE: the longest prefix before `*` wins, then the longer key. */
function patternOrder(a: string, b: string): number {
  const baseA = a.indexOf('*');
  const baseB = b.indexOf('*');
  return baseB - baseA || b.length - a.length;
}

/** Targets of `subpath` (`.`, `./sub`, `#internal`) in a map; null when the map does not name it. */
export function mapTargets(map: MapValue, subpath: string): string[] | null {
  const entries = subpath.startsWith('#') ? (map as Record<string, MapValue>) : subpathMap(map);
  if (!entries || typeof entries !== 'object') return null;
  const out: string[] = [];
  if (Object.hasOwn(entries, subpath) && !subpath.includes('*')) {
    targetsOf(entries[subpath], null, out);
    return out;
  }
  for (const key of Object.keys(entries).filter((candidate) => candidate.split('*').length === 2).sort(patternOrder)) {
    const [head, tail] = key.split('*') as [string, string];
    if (subpath.startsWith(head) && subpath.length >= key.length - 1 && subpath.endsWith(tail)) {
      targetsOf(entries[key], subpath.slice(head.length, subpath.length - tail.length), out);
      return out;
    }
  }
  // Legacy folder mappings ("./dir/": "./lib/dir/"), still honoured by older Node lines.
  for (const key of Object.keys(entries).filter((candidate) => candidate.endsWith('/')).sort((a, b) => b.length - a.length)) {
    if (subpath.startsWith(key)) {
      targetsOf(entries[key], null, out);
      return out.map((target) => target + subpath.slice(key.length));
    }
  }
  return null;
}

/** Every subpath target of an `exports` map with wildcards left in place: entry points of a package. */
export function allExportTargets(exports: MapValue): { subpath: string; target: string }[] {
  const out: { subpath: string; target: string }[] = [];
  for (const [subpath, value] of Object.entries(subpathMap(exports) ?? {})) {
    const targets: string[] = [];
    targetsOf(value, null, targets);
    for (const target of targets) out.push({ subpath, target });
  }
  return out;
}

export type { MapValue };
