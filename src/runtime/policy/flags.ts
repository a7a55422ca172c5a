import type { NodeCapabilities, ResolvedPolicy } from '../types.js';
import { minimisePaths } from './variables.js';

/** Where each part of a policy is enforced, so `vigil run` can say so. */
export interface Enforcement {
  /** NODE_OPTIONS words (permission flags and preloads), each path once. */
  nodeOptions: string[];
  /** Parts Node itself enforces with this binary. */
  byNode: string[];
  /** Parts only Vigil's in-process guard enforces (bypassable by native code; stated, not hidden). */
  byGuard: string[];
  /** Parts nobody enforces with this binary. */
  unenforced: string[];
}

/** Quote a NODE_OPTIONS word: Node splits on spaces and honours double quotes. */
export function quoteNodeOption(word: string): string {
  return /[\s"\\]/.test(word) ? `"${word.replace(/(["\\])/g, '\\$1')}"` : word;
}

/**
 * The permission flags for a policy and a Node binary. Every path goes in once: Node 20 aborts
 * (RadixTree assertion) on a path granted twice, and does not split commas, so each path is its
 * own `--allow-fs-*` word. `extraRead` holds Vigil's preloads, which Node must be allowed to read.
 */
export function permissionFlags(policy: ResolvedPolicy, node: NodeCapabilities, extraRead: string[] = []): Enforcement {
  const byNode: string[] = [];
  const byGuard: string[] = [];
  const unenforced: string[] = [];
  const options: string[] = [];
  if (!node.permissionFlag) {
    return { nodeOptions: [], byNode, byGuard: ['network destinations'], unenforced: ['file system', 'child processes', 'workers', 'addons', 'WASI'] };
  }
  options.push(node.permissionFlag);
  for (const path of minimisePaths([...policy.fsRead, ...extraRead])) options.push(`--allow-fs-read=${path}`);
  for (const path of minimisePaths(policy.fsWrite)) options.push(`--allow-fs-write=${path}`);
  byNode.push('file system');
  const toggles: [keyof ResolvedPolicy, string, string][] = [
    ['childProcess', '--allow-child-process', 'child processes'],
    ['worker', '--allow-worker', 'workers'],
    ['addons', '--allow-addons', 'addons'],
    ['wasi', '--allow-wasi', 'WASI'],
  ];
  for (const [key, flag, label] of toggles) {
    if (node.flags.has(flag)) {
      if (policy[key] === true) options.push(flag);
      byNode.push(label);
    } else if (policy[key] === true) {
      // The binary has no switch: the permission model either always denies or never governs it.
      byNode.push(`${label} (no ${flag} on ${node.version})`);
    } else {
      byGuard.push(label);
    }
  }
  if (node.flags.has('--allow-net')) {
    // Node 25+: network is on/off only; the guard narrows "on" to the listed destinations.
    if (policy.net.length > 0 || policy.listen.length > 0) {
      options.push('--allow-net');
      byGuard.push('network destinations');
    } else byNode.push('network (denied)');
  } else byGuard.push('network destinations');
  return { nodeOptions: options, byNode, byGuard, unenforced };
}
