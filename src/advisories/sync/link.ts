/** The `rel="next"` URL of an RFC 8288 Link header (GitHub's pagination), or null. */
export function nextLink(header: string | null): string | null {
  if (!header) return null;
  for (const part of header.split(',')) {
    const match = /<(?<url>[^>]+)>\s*;\s*rel="?(?<rel>[^";]+)"?/.exec(part.trim());
    if (match?.groups?.rel?.split(/\s+/).includes('next')) return match.groups.url ?? null;
  }
  return null;
}
