import type { SourceKind } from '../types.js';
import type { LockNode } from './graph.js';

/**
 * What a dependency spec or a `resolved` URL says about where a package comes from. Aliases,
 * git, file, link and tarball specs are not registry packages and must not be matched as such
 * (issue #2), so every format funnels its specs through here.
 */

const GIT = /^(git\+|git:|git@|github:|gitlab:|bitbucket:|gist:)|^https?:\/\/codeload\.github\.com\/|\.git(#|$)/;
/** The first characters of a semver range (`/^[\d^~*<>=xX| v]/`), tested without a regular expression: one per dependency of a lockfile. */
const SEMVER_FIRST = new Set([...'0123456789^~*<>=xX| v'].map((char) => char.charCodeAt(0)));
const startsLikeSemver = (code: number): boolean => SEMVER_FIRST.has(code);
const GITHUB_SHORTHAND = /^[\w.-]+\/[\w.-]+(#.*)?$/;

/** Classify a spec as written in package.json or a lockfile (`npm:x@1`, `file:../x`, a URL, `^1.2.3`). */
export function classifySpec(spec: string): SourceKind {
  // Almost every spec is a semver range: answer those without running the patterns below.
  if (spec === '' || startsLikeSemver(spec.charCodeAt(0))) return 'registry';
  if (spec.startsWith('npm:')) return 'alias';
  if (spec.startsWith('workspace:')) return 'workspace';
  if (spec.startsWith('link:') || spec.startsWith('portal:')) return 'link';
  if (spec.startsWith('file:') || spec.startsWith('./') || spec.startsWith('../') || spec.startsWith('/') || spec.startsWith('~/')) return 'file';
  if (GIT.test(spec)) return 'git';
  if (/^https?:\/\//.test(spec)) return 'tarball';
  if (GITHUB_SHORTHAND.test(spec) && !spec.includes(' ')) return 'git';
  return 'registry';
}

/** Split an `npm:name@range` alias target into name and range. */
export function parseAliasTarget(spec: string): { name: string; range: string } | null {
  if (!spec.startsWith('npm:')) return null;
  const target = spec.slice(4);
  const at = target.indexOf('@', 1);
  return at === -1 ? { name: target, range: '*' } : { name: target.slice(0, at), range: target.slice(at + 1) };
}

/** Split `name@version` (scoped names keep their leading `@`). */
export function splitNameVersion(value: string): { name: string; version: string } {
  const at = value.indexOf('@', 1);
  return at === -1 ? { name: value, version: '' } : { name: value.slice(0, at), version: value.slice(at + 1) };
}

/** `owner/repo` and commit of a GitHub URL or shorthand, for a `pkg:github` purl. */
export function githubRepo(spec: string): { owner: string; repo: string; commit: string | null } | null {
  const match =
    /github\.com[/:]([\w.-]+)\/([\w.-]+?)(?:\.git)?(?:\/tar\.gz\/|#|$)([0-9a-f]{7,40})?/i.exec(spec) ??
    /^(?:github:)?([\w.-]+)\/([\w.-]+?)(?:#([0-9a-f]{7,40}))?$/i.exec(spec);
  if (!match?.[1] || !match[2]) return null;
  return { owner: match[1], repo: match[2], commit: match[3] ?? null };
}

/** Non-registry specs (a tarball URL, a git URL) are only visible on the dependent's side. */
export function noteSpec(target: LockNode, name: string, spec: string): void {
  if (target.source !== 'registry') return;
  const kind = classifySpec(spec);
  if (kind === 'tarball' || kind === 'git') {
    target.source = kind;
    target.spec = target.resolved ?? spec;
  } else if (kind === 'file' || kind === 'link') {
    target.source = kind;
    target.spec = spec;
  } else if (kind === 'alias' && name !== target.name) {
    target.source = 'alias';
    target.spec = `${name}@npm:${target.name}@${target.version ?? ''}`;
  }
}

