import type { VersionParser } from '../types.js';
import { cParts } from './c-header.js';

const parts = cParts(['V8_MAJOR_VERSION', 'V8_MINOR_VERSION', 'V8_BUILD_NUMBER', 'V8_PATCH_LEVEL']);

/** `v8-version.h`: MAJOR.MINOR.BUILD.PATCH, with the patch level left out when 0, as V8's own version string does. */
export const parseV8Version: VersionParser = (text) => {
  const outcome = parts(text);
  if (outcome.kind !== 'found') return outcome;
  return { kind: 'found', version: outcome.version.replace(/\.0$/, '') };
};

/** Node's embedder suffix from common.gypi (`'v8_embedder_string': '-node.10'`), or null. */
export function parseV8EmbedderString(text: string): string | null {
  return /['"]v8_embedder_string['"]\s*:\s*['"](?<suffix>[^'"]*)['"]/.exec(text)?.groups?.suffix ?? null;
}
