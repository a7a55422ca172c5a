import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveCommit } from '../../forge/git/cli.js';
import { GitObjectReader } from '../../forge/git/object-reader.js';
import { lineStatus } from '../../release/schedule.js';
import { compareVersions, isPrerelease } from '../versions.js';
import type { LinePolicy, Release, UpstreamSource } from '../types.js';

/** One dependency update a release line shipped, read from its changelog's commit list. */
export interface LineUpdate {
  /** The version the line moved to (`5.28.4`). */
  to: string;
  /** The Node.js release that shipped it (`18.20.2`). */
  release: string;
  /** That release's day, from its header (`2024-07-08`). */
  date: string;
  /** Whether that release was an LTS one (`'Hydrogen' (LTS)`), not Current. */
  lts: boolean;
}

/** What a release line's own changelog says it took: dependency name → its updates, newest release first. */
export interface LineHistory {
  major: number;
  /** The changelog read, for reasons (`doc/changelogs/CHANGELOG_V22.md`). */
  file: string;
  updates: Map<string, LineUpdate[]>;
}

// `## 2024-07-08, Version 18.20.4 'Hydrogen' (LTS), @RafaelGSS`
const RELEASE = /^## (?<date>\d{4}-\d{2}-\d{2}), Version (?<release>\d+\.\d+\.\d+)\b(?<rest>.*)$/;
// `* \[[`60d24938de`](…)] - **(SEMVER-MINOR)** **deps**: update undici to v5.28.4 (…)`: commits only,
// never the "Notable changes" prose, so a backport counted twice is one commit (its sha).
const COMMIT = /^\* \\\[\[`(?<sha>[0-9a-f]+)`\].*?\*\*deps\*\*: (?:update|upgrade|bump) (?<name>[A-Za-z0-9_.@/-]+?) to v?(?<to>\d+\.\d+\.\d+(?:-[0-9A-Za-z.]+)?)\b/;

/**
 * Parse `doc/changelogs/CHANGELOG_V<major>.md`: which versions of each dependency the line
 * shipped, in which release. Names are lower-cased as the changelog writes them (`undici`, `npm`,
 * `c-ares`, `acorn-walk`). Releases of other majors (the file's index) are skipped.
 */
export function parseLineHistory(text: string, major: number, file: string): LineHistory {
  const updates = new Map<string, LineUpdate[]>();
  const seen = new Set<string>();
  let release: Omit<LineUpdate, 'to'> | undefined;
  for (const line of text.split('\n')) {
    const header = RELEASE.exec(line);
    if (header) {
      const version = header.groups!.release!;
      release = version.startsWith(`${major}.`) ? { release: version, date: header.groups!.date!, lts: /\(LTS\)/.test(header.groups!.rest!) } : undefined;
      continue;
    }
    if (release === undefined) continue;
    const commit = COMMIT.exec(line);
    if (!commit || seen.has(commit.groups!.sha!)) continue;
    seen.add(commit.groups!.sha!);
    const name = commit.groups!.name!.toLowerCase();
    const list = updates.get(name) ?? [];
    list.push({ to: commit.groups!.to!, ...release });
    updates.set(name, list);
  }
  return { major, file, updates };
}

/** Where a line's changelog sits in a Node.js checkout (a git path: `/` on every platform). */
export const lineChangelog = (major: number): string => `doc/changelogs/CHANGELOG_V${major}.md`;

/** The line's changelog in a Node.js checkout's work tree, or undefined when the checkout has none. */
export function readLineHistory(root: string, major: number): LineHistory | undefined {
  const file = lineChangelog(major);
  const path = join(root, ...file.split('/'));
  if (!existsSync(path)) return undefined;
  return parseLineHistory(readFileSync(path, 'utf8'), major, file);
}

/**
 * The line's changelog as a git ref has it (`vigil updates ../node --ref v20.x`), read from the
 * object store through `git cat-file` (the work tree may be on another line, or edited); reasons
 * name it `<ref>:<file>`. Undefined when the ref has no such file; an unknown ref is an InputError.
 */
export async function readLineHistoryAt(root: string, major: number, ref: string): Promise<LineHistory | undefined> {
  const file = lineChangelog(major);
  const commit = await resolveCommit(root, ref);
  const reader = new GitObjectReader(root);
  try {
    const text = await reader.readText(commit, file);
    return text === null ? undefined : parseLineHistory(text, major, `${ref}:${file}`);
  } finally {
    reader.close();
  }
}

/** Lines that take no semver-major dependency updates by default: the LTS phases (and lines past them). */
const STABLE_PHASES = new Set(['active-lts', 'maintenance', 'end-of-life']);

const majorOf = (version: string): string => version.split('.')[0]!;

/**
 * The first release of a newer major than `major`, by date: when upstream made the next major
 * available (undici 7.0.0 on 2024-12-12). Prereleases do not count.
 */
function nextMajorPublished(major: string, releases: Release[]): Release | undefined {
  return releases
    .filter((release) => Number(majorOf(release.version)) > Number(major) && !isPrerelease(release.version) && release.publishedAt !== undefined)
    .sort((a, b) => a.publishedAt!.localeCompare(b.publishedAt!) || compareVersions(a.version, b.version))[0];
}

/**
 * The policy a release line follows for a dependency published on npm, from the major the line
 * ships and the line's own update history (issue #17), for every npm-published dependency rather
 * than a hand list. Current and unreleased lines (main) take any release. On an LTS line, only
 * the updates it took as LTS count (v20 took npm 10 while Current, in 20.7.0):
 * - all in the major it ships now (v22: undici 6.x only; v20 as LTS: npm 10.x only) → same major;
 * - it crossed majors as LTS (v20 took undici 5 → 6 in 20.13.0), but once the next major was out
 *   it went on taking the old one (undici 6.21.1 in 20.18.2, after 7.0.0 of 2024-12-12) → same
 *   major: the line chose to stay (needs `releases`, upstream's dates);
 * - it crossed majors and took nothing of the old one after the next was out (v18: npm 8 → 9 →
 *   10) → any release, as the line did; the release's `engines.node` still has to accept the line
 *   (checked in plan.ts);
 * - no changelog, or no update of it as LTS → the line keeps the major it ships.
 */
export function derivedPolicy(id: string, source: UpstreamSource, current: string | null, nodeMajor: number | undefined, today: string, history?: LineHistory, releases?: Release[]): LinePolicy | undefined {
  if (source.datasource !== 'npm' || nodeMajor === undefined || current === null) return undefined;
  const phase = lineStatus(nodeMajor, today);
  if (!STABLE_PHASES.has(phase)) return undefined;
  const major = majorOf(current);
  const all = history?.major === nodeMajor ? (history.updates.get(id.toLowerCase()) ?? history.updates.get(source.package.toLowerCase()) ?? []) : [];
  const taken = all.filter((update) => update.lts);
  const keeps = (reason: string): LinePolicy => ({ id, lines: [nodeMajor], allow: 'same-major', reason });
  if (taken.length === 0) {
    const asCurrent = all.length > 0 ? ` (its ${all.length} update${all.length === 1 ? '' : 's'} were taken while Current)` : '';
    return keeps(`v${nodeMajor}.x (${phase}) ships ${id} ${major}.x${asCurrent}: an LTS line keeps the major of an npm-published dependency`);
  }
  const majors = [...new Set([...taken.map((update) => majorOf(update.to)), major])].sort((a, b) => Number(a) - Number(b));
  const counted = `${history!.file}: ${taken.length} ${id} update${taken.length === 1 ? '' : 's'} as LTS`;
  if (majors.length === 1) return keeps(`${counted}, all ${major}.x: v${nodeMajor}.x (${phase}) keeps ${id} ${major}.x`);
  const next = releases ? nextMajorPublished(major, releases) : undefined;
  const after = next ? taken.filter((update) => majorOf(update.to) === major && update.date > next.publishedAt!.slice(0, 10)).sort((a, b) => b.date.localeCompare(a.date))[0] : undefined;
  if (next && after) {
    return keeps(`${counted} across ${majors.map((each) => `${each}.x`).join(', ')}, but ${after.release} (${after.date}) took ${id} ${after.to} after ${next.version} was published (${next.publishedAt!.slice(0, 10)}): v${nodeMajor}.x (${phase}) keeps ${id} ${major}.x`);
  }
  return { id, lines: [nodeMajor], allow: 'any', reason: `${counted} across ${majors.map((each) => `${each}.x`).join(', ')}: v${nodeMajor}.x (${phase}) takes new majors of ${id} whose engines.node accepts it` };
}
