import { quote } from '../../../errors.js';
import type { VersionParser } from '../types.js';
import { VERSION_LIKE } from './c-header.js';

/**
 * A vendored JavaScript package's `package.json`. A manifest without a name or version (the
 * `{"type": "module"}` markers under dist/) carries no version: `absent`. When `expectedName`
 * is given, a manifest of another package is `unexpected`, so a moved file is never misread.
 */
export function packageJsonVersion(expectedName?: string): VersionParser {
  return (text) => {
    let manifest: unknown;
    try {
      manifest = JSON.parse(text);
    } catch (error) {
      return { kind: 'unexpected', reason: `package.json is not valid JSON: ${(error as Error).message}` };
    }
    if (typeof manifest !== 'object' || manifest === null) return { kind: 'unexpected', reason: 'package.json is not an object' };
    const { name, version } = manifest as { name?: unknown; version?: unknown };
    if (name === undefined && version === undefined) return { kind: 'absent', reason: 'package.json has neither name nor version' };
    if (expectedName !== undefined && name !== expectedName) return { kind: 'unexpected', reason: `package.json is for ${quote(String(name))}, expected ${quote(expectedName)}` };
    if (typeof version !== 'string' || !VERSION_LIKE.test(version)) return { kind: 'unexpected', reason: `package.json version is not a version: ${quote(String(version))}` };
    return { kind: 'found', version };
  };
}
