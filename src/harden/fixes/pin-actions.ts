/**
 * Pins every action and reusable workflow to a full commit SHA, with the version as a comment
 * (`actions/checkout@<sha> # v4.1.7`), so Dependabot can still update it. Local actions, docker
 * images (pin-docker.ts), refs built from `${{ }}` and refs that cannot be resolved are left as
 * they are and reported.
 */
import { failedHost, noteHostFailure } from '../../util/fetch-policy.js';
import { isActionPinned } from '../../scorecard/collect/pinned-workflows.js';
import { applyEdits, lineEnd, lineOf } from '../edit/text-edits.js';
import type { TextEdit } from '../edit/text-edits.js';
import { splitUses } from '../resolve/versions.js';
import type { ActionResolver, Change, FixResult, Skip } from '../types.js';
import { findUses } from './uses-nodes.js';
import type { ParseCache } from '../edit/yaml-nodes.js';

/** A trailing comment that only restates a version or the old ref is replaced, not kept. */
function keptComment(existing: string, ref: string): string {
  const body = existing.replace(/^\s*#\s?/, '').trim();
  if (body === '' || body === ref || /^v?\d+(\.\d+)*([-+.\w]*)?$/.test(body)) return '';
  return ` ${body}`;
}

export async function pinActions(path: string, text: string, resolver: ActionResolver | null, cache?: ParseCache): Promise<FixResult> {
  const changes: Change[] = [];
  const skipped: Skip[] = [];
  const { nodes, error } = findUses(text, cache);
  if (error !== null) {
    skipped.push({ fix: 'pin', path, line: error.line, reason: `not valid YAML: ${error.message}` });
    return { text, changes, skipped };
  }
  const edits: TextEdit[] = [];
  for (const node of nodes) {
    const uses = node.value;
    const line = lineOf(text, node.start);
    if (uses.startsWith('./') || uses.startsWith('docker://') || isActionPinned(uses)) continue;
    if (uses.includes('${{')) {
      skipped.push({ fix: 'pin', path, line, reason: `${uses}: built from an expression, cannot be pinned` });
      continue;
    }
    const parts = splitUses(uses);
    if (parts === null) {
      skipped.push({ fix: 'pin', path, line, reason: `${uses}: not an owner/repo@ref reference` });
      continue;
    }
    if (resolver === null) {
      skipped.push({ fix: 'pin', path, line, reason: `${uses}: no way to resolve it (give --lock, or a GitHub token)` });
      continue;
    }
    let resolved: Awaited<ReturnType<ActionResolver['resolveAction']>>;
    try {
      resolved = await resolver.resolveAction(parts.repo, parts.ref);
    } catch (error) {
      // The forge failing (offline, a hostile answer) leaves this pin undone, said once per host by the CLI.
      if (!noteHostFailure(error)) throw error;
      skipped.push({ fix: 'pin', path, line, reason: `${uses}: not resolved, ${failedHost(error)} failed; left as it is` });
      continue;
    }
    if (resolved === null) {
      skipped.push({ fix: 'pin', path, line, reason: `${uses}: ${parts.repo}@${parts.ref} not found (repository or ref gone?); left as it is` });
      continue;
    }
    edits.push({ start: node.start, end: node.end, text: `${parts.repo}${parts.path}@${resolved.sha}` });
    const version = resolved.version ?? parts.ref;
    if (node.commentable) {
      const end = lineEnd(text, node.after);
      const rest = text.slice(node.after, end);
      if (/^\s*(#.*)?$/.test(rest)) edits.push({ start: node.after, end, text: ` # ${version}${keptComment(rest, parts.ref)}` });
    } else {
      skipped.push({ fix: 'pin', path, line, reason: `${uses}: pinned without a version comment (flow-style YAML cannot hold one)` });
    }
    changes.push({ fix: 'pin', path, line, description: `${uses} → ${resolved.sha.slice(0, 12)} # ${version}` });
  }
  return { text: applyEdits(text, edits), changes, skipped };
}
