import type { RepoView } from '../types.js';
import { contentFiles, sweepFiles } from './listing.js';

/** Scorecard reads this many bytes of each file to decide whether it is a binary (raw/binary_artifact.go). */
export const BINARY_TEST_LENGTH = 1024;

/** Kinds Scorecard counts as binary artifacts, by detected type or by extension. */
const BINARY_TYPES = new Set([
  'crx', 'deb', 'dex', 'dey', 'elf', 'o', 'a', 'so', 'macho', 'iso', 'class', 'jar', 'bundle', 'dylib', 'lib', 'msi', 'dll', 'drv', 'efi',
  'exe', 'ocx', 'pyc', 'pyo', 'par', 'rpm', 'wasm', 'whl',
]);

const startsWith = (head: Buffer, bytes: number[], offset = 0): boolean => head.length >= offset + bytes.length && bytes.every((byte, index) => head[offset + index] === byte);
const ascii = (text: string): number[] => [...text].map((character) => character.charCodeAt(0));

/**
 * The magic numbers, among those h2non/filetype knows, whose type is in BINARY_TYPES. Types it
 * detects that are not in the set (zip, gzip, images) end in the extension test, as in Scorecard.
 */
export function detectBinaryType(head: Buffer): string | null {
  if (startsWith(head, [0x7f, 0x45, 0x4c, 0x46])) return 'elf';
  if (startsWith(head, [0x00, 0x61, 0x73, 0x6d])) return 'wasm';
  if (startsWith(head, [0x4d, 0x5a])) return 'exe';
  for (const magic of [[0xfe, 0xed, 0xfa, 0xcf], [0xfe, 0xed, 0xfa, 0xce], [0xcf, 0xfa, 0xed, 0xfe], [0xce, 0xfa, 0xed, 0xfe], [0xca, 0xfe, 0xba, 0xbe]]) {
    if (startsWith(head, magic)) return 'macho';
  }
  if (startsWith(head, ascii('Cr24'))) return 'crx';
  if (startsWith(head, ascii('!<arch>\ndebian-binary'))) return 'deb';
  if (startsWith(head, [0xed, 0xab, 0xee, 0xdb])) return 'rpm';
  if (startsWith(head, [0x64, 0x65, 0x78, 0x0a]) && head[7] === 0x00) return 'dex';
  if (startsWith(head, [0x64, 0x65, 0x79, 0x0a]) && head[7] === 0x00) return 'dey';
  return null;
}

/**
 * Scorecard's isText: no control character other than tab, CR and LF, ignoring the last three
 * bytes (the last rune may be cut). Control bytes are never part of a multi-byte UTF-8 rune, so
 * a byte scan gives the same answer as Go's rune loop.
 */
export function isText(head: Buffer): boolean {
  for (let index = 0; index + 4 <= head.length; index++) {
    const byte = head[index] ?? 0;
    if (byte < 0x20 && byte !== 0x0a && byte !== 0x09 && byte !== 0x0d) return false;
  }
  return true;
}

function extension(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot < 0 ? '' : base.slice(dot + 1);
}

/** Is this head a binary artifact, as Scorecard decides: a binary magic, or a binary extension on non-text bytes. */
export function isBinaryArtifact(path: string, head: Buffer): boolean {
  if (head.length === 0) return false;
  const detected = detectBinaryType(head);
  if (detected !== null && BINARY_TYPES.has(detected)) return true;
  return BINARY_TYPES.has(extension(path)) && !isText(head);
}

export interface BinaryArtifactFacts {
  /** Binary files, in listing order. gradle-wrapper.jar counts: verifying it needs a successful run at HEAD, which a clone cannot show. */
  binaries: string[];
}

/** Look at the first 1,024 bytes of every regular tracked file outside test data (symlinks and submodules have none). */
export async function collectBinaryArtifacts(view: RepoView): Promise<BinaryArtifactFacts> {
  const binaries: string[] = [];
  const candidates = contentFiles(view).filter((file) => file.size !== 0);
  // One pass, in listing order; the view reads only each file's head.
  await sweepFiles(
    view,
    candidates.map((file) => file.path),
    (path, head) => {
      if (isBinaryArtifact(path, head)) binaries.push(path);
    },
    BINARY_TEST_LENGTH,
  );
  return { binaries };
}
