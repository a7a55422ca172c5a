/**
 * The order npm writes dependency names in its lockfiles: json-stringify-nice sorts keys with
 * `a.localeCompare(b, 'en')`. Installed packages' dependencies are taken in that order whether they
 * come from npm's hidden lockfile (written sorted) or from package.json (written by hand), so the
 * chains kept per package do not depend on which one was read (#15).
 *
 * ICU's collator costs ~5 ms to load (a tenth of a small review), and npm names are ASCII: for
 * `[a-z0-9._~@/-]` and capitals the 'en' order is reproduced here (punctuation `_ - . @ / ~`, then
 * digits, then letters, case compared only when all else is equal, lower first); anything else
 * goes to localeCompare itself.
 */

const PRIMARY = '_-.@/~0123456789abcdefghijklmnopqrstuvwxyz';
const RANK = new Int8Array(128).fill(-1);
for (let index = 0; index < PRIMARY.length; index++) {
  const code = PRIMARY.charCodeAt(index);
  RANK[code] = index;
  if (code >= 0x61 && code <= 0x7a) RANK[code - 0x20] = index;
}

const rankOf = (code: number): number => (code < 128 ? (RANK[code] ?? -1) : -1);

/** `a.localeCompare(b, 'en')`, as a sign (-1, 0, 1). */
export function compareNpmNames(a: string, b: string): number {
  const shared = Math.min(a.length, b.length);
  let tertiary = 0;
  for (let index = 0; index < shared; index++) {
    const codeA = a.charCodeAt(index);
    const codeB = b.charCodeAt(index);
    const rankA = rankOf(codeA);
    const rankB = rankOf(codeB);
    if (rankA < 0 || rankB < 0) return Math.sign(a.localeCompare(b, 'en'));
    if (rankA !== rankB) return rankA < rankB ? -1 : 1;
    if (codeA !== codeB && tertiary === 0) tertiary = codeA < codeB ? 1 : -1; // the capital is the greater
  }
  const longer = a.length > b.length ? a : b;
  for (let index = shared; index < longer.length; index++) if (rankOf(longer.charCodeAt(index)) < 0) return Math.sign(a.localeCompare(b, 'en'));
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return tertiary;
}
