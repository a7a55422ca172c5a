import { quote } from '../../../errors.js';
import type { VersionParser } from '../types.js';
import { cParts, defineValue, firstOf } from './c-header.js';

/**
 * Brotli before 1.1 encodes its version as one hex literal, `BROTLI_VERSION 0x1000009`, that is
 * (major << 24) | (minor << 12) | patch. `BROTLI_ABI_VERSION` looks alike and is not the version.
 */
const brotliHex: VersionParser = (text) => {
  const value = defineValue(text, 'BROTLI_VERSION');
  if (value === null) return { kind: 'unexpected', reason: 'no #define BROTLI_VERSION' };
  if (!/^0x[0-9a-fA-F]+$/.test(value)) return { kind: 'unexpected', reason: `#define BROTLI_VERSION is not a hex literal: ${quote(value)}` };
  const number = Number.parseInt(value, 16);
  return { kind: 'found', version: `${number >>> 24}.${(number >>> 12) & 0xfff}.${number & 0xfff}` };
};

/** Brotli 1.1 and later define MAJOR/MINOR/PATCH and build BROTLI_VERSION from them: try that first. */
export const parseBrotliVersion: VersionParser = firstOf(cParts(['BROTLI_VERSION_MAJOR', 'BROTLI_VERSION_MINOR', 'BROTLI_VERSION_PATCH']), brotliHex);
