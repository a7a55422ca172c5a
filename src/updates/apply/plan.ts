import { dirname } from 'node:path';
import type { Inventory } from '../../inventory/index.js';
import type { VendoredDependency } from '../../inventory/vendored/types.js';
import { archiveSources, notFromArchive, type ArchiveSource } from '../knowledge/archives.js';
import { entryOf } from '../plan.js';
import type { UpdateRow, UpdatesReport } from '../types.js';
import { fillTemplate } from './layout.js';

/** An archive release, resolved for one version: the URLs to fetch and how to lay the directory out. */
export interface ArchivePlan extends Omit<ArchiveSource, 'url' | 'checksum' | 'extra'> {
  url: string;
  checksumUrl: string | undefined;
  extra: { path: string; url: string }[];
  /** The version file inside the directory, read back from the unpacked archive before anything is replaced. */
  versionFile: string | undefined;
}

/** Where archives are downloaded from: GitHub, or a mirror serving the same paths. */
export interface DownloadHosts {
  github: string;
  raw: string;
}

export const GITHUB_HOSTS: DownloadHosts = { github: 'https://github.com', raw: 'https://raw.githubusercontent.com' };

/** One dependency's update, planned: what moves where, or why it will not. Serialisable. */
export interface ApplyPlan {
  id: string;
  from: string | null;
  to: string | null;
  /** Where the package lives, relative to the root (the directory of its package.json). */
  directory: string;
  /** npm-published (tarball from the registry) or a release archive (`archive`). */
  kind: 'npm' | 'archive';
  tarball: UpdateRow['tarball'];
  archive: ArchivePlan | undefined;
  /** Upstream's tags for both versions, when known (compare link). */
  tags: UpdateRow['tags'];
  /** Node's `src/<dep>_version.h`, when it mirrors the version. */
  header: string | undefined;
  branch: string;
  /** `deps: update <dep> to <version>`: the title and commit message the WG's updaters use. */
  title: string;
  fixes: UpdateRow['fixes'];
  /** The releases the update crosses, oldest first (the changelog's entries). */
  between: string[];
  upstream: string | undefined;
  /** Set when this dependency cannot be applied; the others go on. */
  skipReason: string | undefined;
  /** Skipped because asking upstream failed (a server error, a hostile or wrong answer): a failure, not a choice. */
  upstreamFailed?: boolean;
}

/** The archive recipe for one dependency at one tag, or why there is none. */
function resolveArchive(id: string, directory: string, versionPath: string | undefined, tag: string, version: string, recipes: Record<string, ArchiveSource>, hosts: DownloadHosts): ArchivePlan | string {
  const recipe = recipes[id];
  if (!recipe) return notFromArchive[id] ?? `there is no archive recipe for ${id} in src/updates/knowledge/archives.ts`;
  const fill = (template: string) => fillTemplate(template, { tag, version, ...hosts });
  const { url, checksum, extra, ...rest } = recipe;
  return {
    ...rest,
    url: fill(url),
    checksumUrl: checksum ? fill(checksum.url) : undefined,
    extra: (extra ?? []).map((file) => ({ path: file.path, url: fill(file.url) })),
    versionFile: versionPath?.startsWith(`${directory}/`) && !versionPath.includes('*') ? versionPath.slice(directory.length + 1) : undefined,
  };
}

/** Plan updates for the requested dependencies from a `checkUpdates` report. Pure. */
export function planApply(report: UpdatesReport, inventory: Inventory, registry: VendoredDependency[], ids: string[], options: { archives?: Record<string, ArchiveSource>; hosts?: DownloadHosts } = {}): ApplyPlan[] {
  return ids.map((id) => {
    const row = report.rows.find((candidate) => candidate.id === id);
    const pkg = inventory.packages.find((candidate) => candidate.origin === 'vendored' && !candidate.nestedIn && entryOf(candidate, registry)?.id === id);
    const entry = registry.find((candidate) => candidate.id === id);
    const to = row?.allowed ?? null;
    const kind = row?.source.datasource === 'npm' ? 'npm' : 'archive';
    const base: ApplyPlan = {
      id,
      from: row?.current ?? null,
      to,
      directory: kind === 'npm' && pkg ? dirname(pkg.foundIn) : (entry?.directory ?? ''),
      kind,
      tarball: row?.tarball,
      archive: undefined,
      tags: row?.tags,
      header: entry?.versionFiles.map((file) => file.path).find((path) => /^src\/\w+_version\.h$/.test(path)),
      branch: `actions/tools-update-${id}`,
      title: `deps: update ${id} to ${to ?? '?'}`,
      fixes: row?.fixes ?? [],
      between: row?.between ?? [],
      upstream: entry?.upstream,
      skipReason: undefined,
    };
    if (!row || !pkg || !entry) return { ...base, skipReason: `${id} is not a vendored dependency of this tree` };
    if (row.status === 'unknown') return { ...base, skipReason: `upstream status unknown: ${row.unknownReason}`, upstreamFailed: true };
    if (row.status === 'held') return { ...base, skipReason: `held until ${row.hold?.expires}: ${row.hold?.reason}` };
    if (row.status === 'up-to-date') return { ...base, skipReason: `already at ${row.current}, the newest the release line allows` };
    if (kind === 'archive') {
      if (row.source.datasource !== 'github-releases' && row.source.datasource !== 'github-tags') return { ...base, skipReason: notFromArchive[id] ?? `${id} is published as ${row.source.datasource}; only npm packages and GitHub release archives can be applied` };
      if (!row.tags?.to || !to) return { ...base, skipReason: `upstream's tag for ${id} ${to} is not known` };
      const archive = resolveArchive(id, entry.directory, entry.versionFiles[0]?.path, row.tags.to, to, options.archives ?? archiveSources, options.hosts ?? GITHUB_HOSTS);
      return typeof archive === 'string' ? { ...base, skipReason: archive } : { ...base, archive };
    }
    if (!pkg.foundIn.endsWith('package.json')) return { ...base, skipReason: `${id}'s version was read from ${pkg.foundIn}, not its package.json: its package directory is not known` };
    if (!row.tarball) return { ...base, skipReason: `the registry lists no tarball for ${id}@${to}` };
    return base;
  });
}

/** The pull request body: versions, what changed upstream, and the advisories the update fixes. */
export function pullRequestBody(plan: ApplyPlan, verification?: string): string {
  const between = plan.between;
  const [fromTag, toTag] = plan.tags?.from ? [plan.tags.from, plan.tags.to] : [`v${plan.from}`, `v${plan.to}`];
  const compare = plan.upstream?.startsWith('https://github.com/') ? `${plan.upstream}/compare/${fromTag}...${toTag}` : undefined;
  const provenance =
    plan.kind === 'archive'
      ? `the release archive ${plan.archive?.url ?? ''} was downloaded${verification ? ` (${verification})` : ''} and unpacked as ${plan.archive?.script ?? 'Node’s updater'} does, keeping Node’s own files (${plan.archive?.keep.join(', ') || 'none'})`
      : 'the package was downloaded from the npm registry and its integrity hash verified';
  return [
    `Updates ${plan.id} from ${plan.from} to ${plan.to}.`,
    '',
    '## Changes upstream',
    '',
    ...(between.length ? [`Releases: ${between.join(', ')}`] : []),
    ...(compare ? [`Changelog: ${compare}`] : []),
    '',
    '## Security',
    '',
    ...(plan.fixes.length ? plan.fixes.map((fix) => `- ${[fix.id, ...fix.aliases].join(' / ')}${fix.summary ? `: ${fix.summary}` : ''}`) : ['No known advisory is fixed by this update.']),
    '',
    `This PR was generated by \`vigil updates apply ${plan.id} --pr\`: ${provenance} before the directory was replaced.`,
  ].join('\n');
}
