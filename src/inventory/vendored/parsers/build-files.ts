import { quote } from '../../../errors.js';
import type { VersionOutcome } from '../types.js';
import { VERSION_LIKE } from './c-header.js';

/**
 * CMake `project(<name> ... VERSION x.y.z ...)`. `cmake_minimum_required(VERSION 3.10.2)` is the
 * CMake version the build needs, not the project's, so only `project(` is read.
 */
export function parseCmakeProjectVersion(text: string): VersionOutcome {
  const project = /^\s*project\s*\((?<args>[^)]*)\)/im.exec(text)?.groups?.args;
  if (project === undefined) return { kind: 'unexpected', reason: 'CMakeLists.txt has no project(...) call' };
  const version = /\bVERSION\s+(?<version>\S+)/.exec(project)?.groups?.version;
  if (version === undefined) return { kind: 'unexpected', reason: `project(...) has no VERSION: ${quote(project)}` };
  if (!VERSION_LIKE.test(version)) return { kind: 'unexpected', reason: `project(...) VERSION is not a version: ${quote(version)}` };
  return { kind: 'found', version };
}

/** `setup(..., version="0.13.0", ...)` in a setup.py, read as text (never executed). */
export function parseSetupPyVersion(text: string): VersionOutcome {
  const version = /\bversion\s*=\s*(?<quote>["'])(?<version>[^"']*)\k<quote>/.exec(text)?.groups?.version;
  if (version === undefined) return { kind: 'unexpected', reason: 'setup.py has no literal version="..." argument' };
  if (!VERSION_LIKE.test(version)) return { kind: 'unexpected', reason: `setup.py version is not a version: ${quote(version)}` };
  return { kind: 'found', version };
}

/**
 * `version = "..."` in the `[project]` table of a pyproject.toml. Other tables and keys
 * (`requires-python = ">=3.8"`, `setuptools>=69.5.1`) are not the project's version.
 */
export function parsePyprojectVersion(text: string): VersionOutcome {
  let table = '';
  for (const line of text.split(/\r?\n/)) {
    const header = /^\s*\[(?<name>[^\]]+)\]\s*$/.exec(line)?.groups?.name;
    if (header !== undefined) {
      table = header.trim();
      continue;
    }
    if (table !== 'project') continue;
    const version = /^\s*version\s*=\s*(?<quote>["'])(?<version>[^"']*)\k<quote>/.exec(line)?.groups?.version;
    if (version === undefined) continue;
    if (!VERSION_LIKE.test(version)) return { kind: 'unexpected', reason: `pyproject.toml [project] version is not a version: ${quote(version)}` };
    return { kind: 'found', version };
  }
  return { kind: 'absent', reason: 'pyproject.toml has no static [project] version' };
}
