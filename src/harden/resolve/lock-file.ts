/**
 * The offline pin file, for air-gapped runs and reproducible tests. One reference per line:
 *
 *     # comment
 *     action actions/checkout@v4 11bd71901bbe5b1630ceea73d27597364c9af683 v4.2.2
 *     image  node:20-alpine sha256:<64 hex>
 *
 * `action <owner/repo>@<ref> <40-hex sha> [<version for the comment>]`; `image <reference> <digest>`.
 * A reference absent from the file is unresolved: reported, never guessed.
 */
import { InputError } from '../../errors.js';
import type { ActionResolver, ImageResolver, ResolvedAction } from '../types.js';
import { FULL_SHA } from './versions.js';

export interface PinLock extends ActionResolver, ImageResolver {
  actions: Map<string, ResolvedAction>;
  images: Map<string, string>;
}

/** Parses a pin file; a malformed line is an InputError naming the file and line. */
export function parsePinLock(text: string, file = 'pin lock file'): PinLock {
  const actions = new Map<string, ResolvedAction>();
  const images = new Map<string, string>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/#.*$/, '').trim();
    if (line === '') return;
    const fields = line.split(/\s+/);
    const fail = (expected: string): never => {
      throw new InputError(`${file}:${index + 1}: expected ${expected}, found ${JSON.stringify(raw.slice(0, 200))}`, { file, line: index + 1 });
    };
    if (fields[0] === 'action') {
      const [, reference, sha, version] = fields;
      if (reference === undefined || !reference.includes('@') || sha === undefined || !FULL_SHA.test(sha) || fields.length > 4) {
        fail('`action <owner/repo>@<ref> <40-hex sha> [<version>]`');
      }
      actions.set(reference as string, { sha: sha as string, version: version ?? null });
    } else if (fields[0] === 'image') {
      const [, reference, digest] = fields;
      if (reference === undefined || digest === undefined || !/^sha256:[0-9a-f]{64}$/.test(digest) || fields.length > 3) {
        fail('`image <reference> sha256:<64 hex>`');
      }
      images.set(reference as string, digest as string);
    } else fail('a line starting with `action` or `image`');
  });
  return {
    actions,
    images,
    resolveAction: (repo, ref) => Promise.resolve(actions.get(`${repo}@${ref}`) ?? null),
    resolveImage: (image) => Promise.resolve(images.get(image) ?? null),
  };
}

/** Writes a pin file from resolved references (what `--write-lock` records for later offline runs). */
export function formatPinLock(actions: Map<string, ResolvedAction>, images: Map<string, string>): string {
  const lines = ['# vigil harden pins (src/harden/README.md)'];
  for (const [reference, resolved] of [...actions].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`action ${reference} ${resolved.sha}${resolved.version ? ` ${resolved.version}` : ''}`);
  }
  for (const [reference, digest] of [...images].sort(([a], [b]) => a.localeCompare(b))) lines.push(`image ${reference} ${digest}`);
  return `${lines.join('\n')}\n`;
}
