/** Choosing the version comment for a pinned SHA: the most specific tag naming that commit. */

/** `v4.1.7` beats `v4.1` beats `v4`; among equals, tags extending the written ref win. */
export function mostSpecificTag(tags: string[], ref: string): string | null {
  if (tags.length === 0) return null;
  const parts = (tag: string): number => tag.split(/[.-]/).length;
  return [...tags].sort((a, b) => {
    const extendsA = a.startsWith(ref) ? 0 : 1;
    const extendsB = b.startsWith(ref) ? 0 : 1;
    return parts(b) - parts(a) || extendsA - extendsB || b.length - a.length || a.localeCompare(b);
  })[0] as string;
}

export const FULL_SHA = /^[0-9a-f]{40}$/;

/** `owner/repo/path@ref` → the repository (`owner/repo`) and the ref; null when not of that shape. */
export function splitUses(uses: string): { repo: string; path: string; ref: string } | null {
  const match = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)((?:\/[^@\s]*)?)@([^\s@]+)$/.exec(uses);
  if (match === null) return null;
  return { repo: `${match[1]}/${match[2]}`, path: match[3] ?? '', ref: match[4] ?? '' };
}
