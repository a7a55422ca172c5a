import { quote } from '../../../errors.js';
import type { VersionOutcome, VersionParser } from '../types.js';

/** A version as vendored headers write it: digits and dots, then an optional suffix (`-motley`, `+quic`). */
export const VERSION_LIKE = /^v?\d+(?:\.\d+)*(?:[-+.~][0-9A-Za-z.+~-]*)?$/;

const escape = (name: string): string => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The value of `#define NAME value` on a line of its own. Anchored at the start of a line so a
 * define quoted in a comment (`/* Could be: #define ... *\/`) never matches, and the name must be
 * followed by whitespace so `ZLIB_VERSION` does not match `ZLIB_VERSION_ERROR`. Trailing comments
 * and one level of parentheses are dropped. Null when there is no such define.
 */
export function defineValue(text: string, name: string): string | null {
  const match = new RegExp(`^[ \\t]*#[ \\t]*define[ \\t]+${escape(name)}[ \\t]+(?<value>.*?)[ \\t]*(?:/[*/].*)?$`, 'm').exec(text);
  const value = match?.groups?.value;
  if (value === undefined) return null;
  const bare = /^\((?<inner>[^()]*)\)$/.exec(value)?.groups?.inner ?? value;
  return bare.trim();
}

/** The string literal of `#define NAME "x"`, or why it is not one. */
function literal(text: string, name: string): { value: string } | { reason: string } {
  const value = defineValue(text, name);
  if (value === null) return { reason: `no #define ${name}` };
  const match = /^"(?<inner>[^"]*)"$/.exec(value);
  if (!match?.groups) return { reason: `#define ${name} is not a string literal: ${quote(value)}` };
  return { value: match.groups.inner ?? '' };
}

/** `#define NAME "1.2.3"`: the literal, which must look like a version. */
export function cString(name: string): VersionParser {
  return (text) => {
    const found = literal(text, name);
    if ('reason' in found) return { kind: 'unexpected', reason: found.reason };
    if (!VERSION_LIKE.test(found.value)) return { kind: 'unexpected', reason: `#define ${name} does not hold a version: ${quote(found.value)}` };
    return { kind: 'found', version: found.value };
  };
}

/** Decimal integer defines joined with dots, e.g. `UV_VERSION_MAJOR/MINOR/PATCH` → `1.46.0`. */
export function cParts(names: string[]): VersionParser {
  return (text) => {
    const parts: string[] = [];
    for (const name of names) {
      const value = defineValue(text, name);
      if (value === null) return { kind: 'unexpected', reason: `no #define ${name}` };
      if (!/^\d+$/.test(value)) return { kind: 'unexpected', reason: `#define ${name} is not a decimal number: ${quote(value)}` };
      parts.push(String(Number(value)));
    }
    return { kind: 'found', version: parts.join('.') };
  };
}

/**
 * Enumerators joined with dots: nbytes states its version as `enum { NBYTES_VERSION_MAJOR = 0,
 * NBYTES_VERSION_MINOR = 1, NBYTES_VERSION_REVISION = 1, };` beside the string define. A header
 * without the enum says nothing here (`absent`).
 */
export function cEnumParts(names: string[]): VersionParser {
  return (text) => {
    const parts: string[] = [];
    for (const name of names) {
      const value = new RegExp(`^[ \\t]*${escape(name)}[ \\t]*=[ \\t]*(?<value>[^,}\\s]+)`, 'm').exec(text)?.groups?.value;
      if (value === undefined) return { kind: 'absent', reason: `no enumerator ${name}` };
      if (!/^\d+$/.test(value)) return { kind: 'unexpected', reason: `enumerator ${name} is not a decimal number: ${quote(value)}` };
      parts.push(String(Number(value)));
    }
    return { kind: 'found', version: parts.join('.') };
  };
}

/** The first parser that finds a version; otherwise `unexpected` with every reason. */
export function firstOf(...parsers: VersionParser[]): VersionParser {
  return (text) => {
    const reasons: string[] = [];
    for (const parser of parsers) {
      const outcome: VersionOutcome = parser(text);
      if (outcome.kind === 'found') return outcome;
      reasons.push(outcome.reason);
    }
    return { kind: 'unexpected', reason: reasons.join('; ') };
  };
}
