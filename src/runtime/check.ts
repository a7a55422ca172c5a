import { lstatSync, readdirSync, readlinkSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { CoreEntry, type CoreEntryFile } from '../formats/security-wg/core-entry.js';
import { isInside } from './policy/variables.js';
import { checkBoundaryWarning, netOuterBoundary, proxyBoundaryText, type NetHost } from './net-outer.js';
import type { NodeCapabilities, ResolvedPolicy } from './types.js';

/** One known gap: a warning (exit 1) or a note (what the boundary is, for the record). */
export interface Gap {
  level: 'warning' | 'note';
  topic: 'symlink' | 'file-descriptor' | 'cve' | 'node' | 'network' | 'child-process';
  message: string;
}

/** How many entries a symlink scan looks at per granted directory before it stops (and says so). */
const SCAN_LIMIT = 20_000;

/**
 * Symbolic links inside granted directories that point outside every grant. Node checks the
 * path as written, so such a link opens its target to the application.
 */
export function escapingSymlinks(policy: ResolvedPolicy, limit = SCAN_LIMIT): Gap[] {
  const gaps: Gap[] = [];
  const granted = [...policy.fsRead, ...policy.fsWrite];
  for (const root of new Set(granted)) {
    const queue = [root];
    let seen = 0;
    while (queue.length > 0 && seen < limit) {
      const dir = queue.shift() as string;
      let names: string[];
      try {
        if (!lstatSync(dir).isDirectory()) continue;
        names = readdirSync(dir);
      } catch {
        continue; // unreadable or gone: nothing Node could follow either
      }
      for (const name of names) {
        seen++;
        const path = join(dir, name);
        const stats = lstatSync(path, { throwIfNoEntry: false });
        if (!stats) continue;
        if (stats.isDirectory()) queue.push(path);
        else if (stats.isSymbolicLink()) {
          let target: string;
          try {
            target = realpathSync(path);
          } catch {
            target = readlinkSync(path); // dangling: the link text is what an attacker would fill in
          }
          if (!granted.some((grant) => isInside(target, grant))) {
            gaps.push({ level: 'warning', topic: 'symlink', message: `${path} -> ${target}: a link inside a granted path points outside every grant; the permission model checks the link, not its target` });
          }
        }
      }
    }
    if (seen >= limit) gaps.push({ level: 'note', topic: 'symlink', message: `${root}: symlink scan stopped after ${limit} entries` });
  }
  return gaps;
}

/** Files open in this process beyond stdio: a child started from here could use them without a grant. */
export function inheritedDescriptors(fdDir = '/proc/self/fd'): Gap[] {
  const gaps: Gap[] = [
    { level: 'note', topic: 'file-descriptor', message: 'file descriptors open when Node starts (shell redirections like 3<file) are usable without a grant; vigil run passes only stdin, stdout and stderr it was given' },
  ];
  let names: string[];
  try {
    names = readdirSync(fdDir);
  } catch {
    return gaps;
  }
  for (const name of names) {
    if (Number(name) <= 2) continue;
    let target: string;
    try {
      target = readlinkSync(join(fdDir, name));
    } catch {
      continue; // closed while we looked (the directory listing itself)
    }
    if (target.startsWith('/') && !target.startsWith('/dev/') && !target.startsWith('/proc/')) {
      gaps.push({ level: 'warning', topic: 'file-descriptor', message: `descriptor ${name} is open on ${target}; a process started from this shell inherits it, outside any policy` });
    }
  }
  return gaps;
}

/** Entries about the permission model, not the removed policy feature (`--experimental-policy`). */
const PERMISSION_MODEL = /permission model|--permission\b|--experimental-permission|--allow-fs-(read|write)|--allow-child-process|--allow-worker/i;

/** security-wg `vuln/core` entries about the permission model that affect this Node version. */
export function permissionCves(version: string, entries: CoreEntryFile[]): Gap[] {
  const gaps: Gap[] = [];
  for (const file of entries) {
    const parsed = CoreEntry.safeParse(file.raw);
    if (!parsed.success) continue;
    const entry = parsed.data;
    if (!PERMISSION_MODEL.test(`${entry.description ?? ''} ${entry.overview ?? ''}`)) continue;
    const affected = semver.satisfies(version, entry.vulnerable) && !(entry.patched && semver.satisfies(version, entry.patched));
    if (!affected) continue;
    const title = entry.description ?? (entry.overview ?? '').split('\n')[0]?.slice(0, 160);
    gaps.push({ level: 'warning', topic: 'cve', message: `${entry.cve.join(', ') || `vuln/core/${file.id}`} (${entry.severity ?? 'unrated'}): ${title}; fixed in ${entry.patched ?? 'no release yet'}` });
  }
  return gaps;
}

/**
 * Child processes: any command at all is the widest grant a policy can make; say so loudly.
 * `bwrap`: the bubblewrap `vigil run` would confine non-Node programs with here (`cachedBubblewrap`), or null.
 */
export function childProcessGaps(policy: ResolvedPolicy, bwrap: string | null = null): Gap[] {
  if (policy.commands === null) {
    return [
      {
        level: 'warning',
        topic: 'child-process',
        message: `childProcess: true lets the application start ANY program; a child that is not Node escapes every file, network and environment rule (a shell, curl, reading /proc). List the exact commands instead: "childProcess": ["git --version"] (vigil permissions infer writes them)`,
      },
    ];
  }
  const others = policy.commands.filter((line) => line !== 'node');
  return others.length === 0
    ? []
    : [
        {
          level: 'note',
          topic: 'child-process',
          message: `${others.length} command(s) allowed (${others.join(', ')}): vigil run checks each spawn against the list; ${
            bwrap ? `on this machine they run in a bubblewrap sandbox (${bwrap}): the system's programs and the policy's files only, no network when none is allowed` : 'what they do is not confined by the file rules (no usable bubblewrap here: install bwrap to confine them)'
          }`,
        },
      ];
}

/** What this Node cannot enforce for this policy. */
export function nodeGaps(policy: ResolvedPolicy, node: NodeCapabilities): Gap[] {
  const gaps: Gap[] = [];
  if (!node.permissionFlag) return [{ level: 'warning', topic: 'node', message: `${node.version} has no permission model; vigil run refuses to start it` }];
  for (const [key, flag] of [['worker', '--allow-worker'], ['addons', '--allow-addons'], ['wasi', '--allow-wasi']] as const) {
    if (!node.flags.has(flag)) gaps.push({ level: 'note', topic: 'node', message: `${node.version} has no ${flag}: ${policy[key] ? 'the permission model decides alone' : "only Vigil's in-process guard denies it"}` });
  }
  gaps.push({
    level: 'note',
    topic: 'network',
    message: node.flags.has('--allow-net')
      ? `${node.version} turns the network on or off (--allow-net); the destinations list is enforced by Vigil's in-process guard and the outer boundary (the other network line)`
      : `${node.version} cannot restrict the network; Vigil's in-process guard checks the destinations; the other network line says which outer boundary, if any, native code cannot bypass`,
  });
  return gaps;
}

/**
 * Which boundary enforces the policy's network destinations on this machine, in the words
 * `vigil run` uses when it starts (net-outer.ts): a note for the proxy sandbox or an offline
 * policy, a warning (naming the flag `vigil run` then needs) when the policy's network has no outer boundary.
 */
export function networkGaps(policy: ResolvedPolicy, host: NetHost): Gap[] {
  const outer = netOuterBoundary(policy, host);
  if (outer.kind === 'offline') return [{ level: 'note', topic: 'network', message: "network: none allowed; Vigil's in-process guard, and an empty network namespace (bubblewrap's or unshare's)" }];
  if (outer.kind === 'proxy') return [{ level: 'note', topic: 'network', message: proxyBoundaryText(policy, outer.listens) }];
  return [{ level: 'warning', topic: 'network', message: checkBoundaryWarning(policy, outer.reason) }];
}
