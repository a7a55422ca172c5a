import { createHash } from 'node:crypto';
import { InputError } from '../../errors.js';

/**
 * The checksum files upstreams publish next to a release archive: `sha256sum` output
 * (`<hex>  <name>`, `*` before the name in binary mode — nghttp2's checksums.txt, SHA256SUMS),
 * BSD `shasum --tag` output (`SHA256 (<name>) = <hex>`), or a `.sha256` holding only the hash.
 */

export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * The hash a checksum file gives for `fileName`: the line naming it, or the only hash when the
 * file names none. Undefined when the file lists other archives only.
 */
export function checksumFor(text: string, fileName: string): string | undefined {
  const bare: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const gnu = /^([0-9a-fA-F]{64})(?:\s+\*?(.+))?$/.exec(line);
    if (gnu) {
      const name = gnu[2]?.trim();
      if (name === undefined) bare.push(gnu[1]!.toLowerCase());
      else if (name === fileName || name.endsWith(`/${fileName}`)) return gnu[1]!.toLowerCase();
      continue;
    }
    const bsd = /^SHA256\s*\((.+)\)\s*=\s*([0-9a-fA-F]{64})$/.exec(line);
    if (bsd && (bsd[1] === fileName || bsd[1]!.endsWith(`/${fileName}`))) return bsd[2]!.toLowerCase();
  }
  return bare.length === 1 ? bare[0] : undefined;
}

/** Refuse bytes whose sha256 is not the published one: nothing is written after a mismatch. */
export function verifySha256(data: Buffer, expected: string, archiveUrl: string, checksumUrl: string): string {
  const actual = sha256(data);
  if (actual !== expected.toLowerCase()) {
    throw new InputError(`${archiveUrl}: sha256 mismatch — ${checksumUrl} says ${expected}, the download is ${actual}; nothing was written`);
  }
  return actual;
}
