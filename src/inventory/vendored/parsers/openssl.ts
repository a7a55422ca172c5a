import { quote } from '../../../errors.js';
import type { VersionOutcome } from '../types.js';
import { defineValue } from './c-header.js';

/**
 * OpenSSL 3's `VERSION.dat` (MAJOR=3 MINOR=0 PATCH=10 PRE_RELEASE_TAG= BUILD_METADATA=quic):
 * `3.0.10+quic`, as `OPENSSL_FULL_VERSION_STR` spells it (quictls adds the `quic` metadata).
 */
export function parseOpensslVersionDat(text: string): VersionOutcome {
  const fields = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(?<key>[A-Z_]+)\s*=\s*(?<value>.*?)\s*$/.exec(line);
    if (match?.groups) fields.set(match.groups.key ?? '', (match.groups.value ?? '').replace(/^"(.*)"$/, '$1'));
  }
  const numbers: string[] = [];
  for (const key of ['MAJOR', 'MINOR', 'PATCH']) {
    const value = fields.get(key);
    if (value === undefined) return { kind: 'unexpected', reason: `VERSION.dat has no ${key}= line` };
    if (!/^\d+$/.test(value)) return { kind: 'unexpected', reason: `VERSION.dat ${key} is not a number: ${quote(value)}` };
    numbers.push(value);
  }
  const pre = fields.get('PRE_RELEASE_TAG') ?? '';
  const build = fields.get('BUILD_METADATA') ?? '';
  return { kind: 'found', version: `${numbers.join('.')}${pre ? `-${pre}` : ''}${build ? `+${build}` : ''}` };
}

/** Pre-3.0 `OPENSSL_VERSION_NUMBER 0xMNNFFPPSL`: 1.1.1w is 0x1010117fL (patch 23 → `w`, status f = release). */
function fromVersionNumber(hex: string): string {
  const value = Number.parseInt(hex, 16);
  const major = Math.floor(value / 0x10000000) & 0xf;
  const minor = (value >>> 20) & 0xff;
  const fix = (value >>> 12) & 0xff;
  const patch = (value >>> 4) & 0xff;
  const status = value & 0xf;
  const letter = patch > 0 ? String.fromCharCode(0x60 + patch) : '';
  const suffix = status === 0 ? '-dev' : status < 0xf ? `-beta${status}` : '';
  return `${major}.${minor}.${fix}${letter}${suffix}`;
}

/**
 * `opensslv.h`, in the three shapes Node has vendored: OpenSSL 3 (`OPENSSL_FULL_VERSION_STR`, or
 * the MAJOR/MINOR/PATCH defines with pre-release and build metadata), OpenSSL 1.x
 * (`OPENSSL_VERSION_TEXT "OpenSSL 1.1.1w+quic  11 Sep 2023"`, where HeroDevs' Never-Ending Support
 * builds add `-nes`), and the bare `OPENSSL_VERSION_NUMBER`. A header that only `#include`s the
 * per-architecture one carries no version: `absent`, so the next candidate is read.
 */
export function parseOpensslHeader(text: string): VersionOutcome {
  const full = defineValue(text, 'OPENSSL_FULL_VERSION_STR');
  if (full !== null && /^"\d+\.\d+\.\d+[^"]*"$/.test(full)) return { kind: 'found', version: full.slice(1, -1) };
  const major = defineValue(text, 'OPENSSL_VERSION_MAJOR');
  const minor = defineValue(text, 'OPENSSL_VERSION_MINOR');
  const patch = defineValue(text, 'OPENSSL_VERSION_PATCH');
  if (major !== null && minor !== null && patch !== null) {
    if (![major, minor, patch].every((part) => /^\d+$/.test(part))) return { kind: 'unexpected', reason: `OPENSSL_VERSION_MAJOR/MINOR/PATCH are not numbers: ${quote(`${major} ${minor} ${patch}`)}` };
    const pre = (defineValue(text, 'OPENSSL_VERSION_PRE_RELEASE') ?? '""').replace(/^"(.*)"$/, '$1');
    const build = (defineValue(text, 'OPENSSL_VERSION_BUILD_METADATA') ?? '""').replace(/^"(.*)"$/, '$1');
    return { kind: 'found', version: `${major}.${minor}.${patch}${pre}${build}` };
  }
  const textDefine = defineValue(text, 'OPENSSL_VERSION_TEXT');
  if (textDefine !== null) {
    const match = /^"OpenSSL (?<version>\d+\.\d+\.\d+[a-z]{0,2}(?:[-+][0-9A-Za-z.+-]*)?)\s/.exec(textDefine);
    if (match?.groups?.version) return { kind: 'found', version: match.groups.version };
  }
  const number = defineValue(text, 'OPENSSL_VERSION_NUMBER');
  if (number !== null) {
    const match = /^0x(?<hex>[0-9a-fA-F]{8,9})L?$/.exec(number);
    if (match?.groups?.hex) {
      const version = fromVersionNumber(match.groups.hex);
      return { kind: 'found', version: /-nes\b/.test(text) ? `${version}-nes` : version };
    }
  }
  if (full === null && textDefine === null && number === null && /^\s*#\s*include\s+"[^"]*opensslv\.h"/m.test(text)) {
    return { kind: 'absent', reason: 'opensslv.h only includes the per-architecture header' };
  }
  return { kind: 'unexpected', reason: 'opensslv.h has no OPENSSL_FULL_VERSION_STR, OPENSSL_VERSION_MAJOR/MINOR/PATCH, OPENSSL_VERSION_TEXT or OPENSSL_VERSION_NUMBER in a known form' };
}

/**
 * What the NVD knows: the upstream OpenSSL release, without quictls' `+quic` or NES' `-nes`
 * (`3.0.10+quic` → `3.0.10`, `1.1.1w-nes` → `1.1.1w`).
 */
export function opensslUpstreamVersion(version: string): string {
  return /^\d+\.\d+\.\d+[a-z]{0,2}/.exec(version)?.[0] ?? version;
}
