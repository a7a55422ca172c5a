/**
 * Pins container images by digest: Dockerfile `FROM image:tag` becomes
 * `FROM image:tag@sha256:…` (the tag stays for readers and Dependabot), and workflow
 * `uses: docker://image:tag` likewise. Build stages, `scratch`, images named through an ARG
 * and images the registry does not know are left alone and reported.
 */
import { failedHost, noteHostFailure } from '../../util/fetch-policy.js';
import { DockerfileParser, From } from 'dockerfile-ast';
import { applyEdits, lineOf } from '../edit/text-edits.js';
import type { TextEdit } from '../edit/text-edits.js';
import type { Change, FixResult, ImageResolver, Skip } from '../types.js';
import { findUses } from './uses-nodes.js';
import type { ParseCache } from '../edit/yaml-nodes.js';

/** An image reference is at most a few hundred characters; flags and a stage name add little. */
const MAX_FROM_LENGTH = 4096;

function offsetOf(text: string, line: number, character: number): number {
  let offset = 0;
  for (let i = 0; i < line; i++) offset = text.indexOf('\n', offset) + 1;
  return offset + character;
}

export async function pinDockerfile(path: string, text: string, resolver: ImageResolver | null): Promise<FixResult> {
  const changes: Change[] = [];
  const skipped: Skip[] = [];
  const edits: TextEdit[] = [];
  const stages = new Set<string>();
  for (const instruction of DockerfileParser.parse(text).getInstructions()) {
    if (!(instruction instanceof From)) continue;
    // dockerfile-ast reads a FROM's arguments in O(n²) of its length; no real FROM is this long (issue #20).
    const whole = instruction.getRange();
    if (offsetOf(text, whole.end.line, whole.end.character) - offsetOf(text, whole.start.line, whole.start.character) > MAX_FROM_LENGTH) {
      skipped.push({ fix: 'docker', path, line: whole.start.line + 1, reason: `FROM instruction longer than ${MAX_FROM_LENGTH} characters; not an image reference, left alone` });
      continue;
    }
    const image = instruction.getImage();
    const range = instruction.getImageRange();
    const stage = instruction.getBuildStage();
    const line = instruction.getRange().start.line + 1;
    // A FROM naming an earlier stage is pinned through that stage.
    const earlierStage = image !== null && stages.has(image.toLowerCase());
    if (stage !== null) stages.add(stage.toLowerCase());
    if (image === null || range === null || image.toLowerCase() === 'scratch' || earlierStage) continue;
    if (instruction.getImageDigest() !== null || image.includes('@sha256:')) continue;
    if (image.includes('$')) {
      skipped.push({ fix: 'docker', path, line, reason: `FROM ${image}: named through an ARG; pin the ARG's default by hand` });
      continue;
    }
    const result = await pinImage(image, resolver);
    if (typeof result !== 'string') {
      skipped.push({ fix: 'docker', path, line, reason: `FROM ${image}: ${result.reason}` });
      continue;
    }
    const end = offsetOf(text, range.end.line, range.end.character);
    edits.push({ start: end, end, text: `@${result}` });
    changes.push({ fix: 'docker', path, line, description: `FROM ${image} → @${result.slice(0, 19)}…` });
  }
  return { text: applyEdits(text, edits), changes, skipped };
}

async function pinImage(image: string, resolver: ImageResolver | null): Promise<string | { reason: string }> {
  if (resolver === null) return { reason: 'no way to resolve it (give --lock, or allow registry access)' };
  let digest: string | null;
  try {
    digest = await resolver.resolveImage(image);
  } catch (error) {
    // The registry failing leaves this pin undone, said once per host by the CLI.
    if (!noteHostFailure(error)) throw error;
    return { reason: `not resolved, ${failedHost(error)} failed; left as it is` };
  }
  return digest ?? { reason: 'not found in its registry; left as it is' };
}

export async function pinDockerUses(path: string, text: string, resolver: ImageResolver | null, cache?: ParseCache): Promise<FixResult> {
  const changes: Change[] = [];
  const skipped: Skip[] = [];
  const { nodes, error } = findUses(text, cache);
  if (error !== null) return { text, changes, skipped: [{ fix: 'docker', path, line: error.line, reason: `not valid YAML: ${error.message}` }] };
  const edits: TextEdit[] = [];
  for (const node of nodes) {
    if (!node.value.startsWith('docker://') || node.value.includes('@sha256:')) continue;
    const image = node.value.slice('docker://'.length);
    const line = lineOf(text, node.start);
    if (image.includes('${{')) {
      skipped.push({ fix: 'docker', path, line, reason: `${node.value}: built from an expression` });
      continue;
    }
    const result = await pinImage(image, resolver);
    if (typeof result !== 'string') {
      skipped.push({ fix: 'docker', path, line, reason: `${node.value}: ${result.reason}` });
      continue;
    }
    edits.push({ start: node.end, end: node.end, text: `@${result}` });
    changes.push({ fix: 'docker', path, line, description: `${node.value} → @${result.slice(0, 19)}…` });
  }
  return { text: applyEdits(text, edits), changes, skipped };
}
