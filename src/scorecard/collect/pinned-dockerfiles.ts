/**
 * Pinning facts from one Dockerfile: FROM images (pinned by `@sha256:` digest, ARG defaults
 * substituted, stages pinned when their base is) and RUN lines scanned as shell, heredocs
 * included, with Scorecard's line offsets.
 */
import { posix } from 'node:path';
import type { PinningFacts } from '../pinning-types.js';
import { parseDockerfile } from '../dockerfile/parse.js';
import { scanShell } from '../shell/scan.js';
import { baseName, isShellScript } from './shell-scripts.js';
import { containsCommands } from '../workflow/parse.js';

const PINNED_IMAGE = /.*@sha256:([a-f\d]{64}|\$\{.*\})/;
const NOT_DOCKERFILE = ['.go', '.c', '.cpp', '.rs', '.js', '.py', '.pyc', '.java'];

/** Named like a Dockerfile (`*Dockerfile*`, any case) and outside vendor/third_party folders. */
export function isDockerfileCandidate(path: string): boolean {
  if (!baseName(path).toLowerCase().includes('dockerfile')) return false;
  return !path.split('/').some((part) => ['vendor', 'third_party'].includes(part.toLowerCase()));
}

/** Scorecard's IsTemplateFile: `template`, `tmpl` or `tpl` as a part of the file name. */
export function isTemplateFile(path: string): boolean {
  return posix
    .basename(path)
    .split(/[.\-_]/)
    .some((part) => ['template', 'tmpl', 'tpl'].includes(part.toLowerCase()));
}

export function collectDockerfile(path: string, text: string, facts: PinningFacts): void {
  if (NOT_DOCKERFILE.some((ext) => path.endsWith(ext)) || isShellScript(path, text)) return;
  if (!containsCommands(text)) return;
  const instructions = parseDockerfile(text);
  if (!isTemplateFile(path)) collectImages(path, instructions, facts);
  const tainted = new Set<string>();
  for (const instruction of instructions) {
    if (instruction.keyword !== 'RUN') continue;
    if (instruction.heredocs.length > 0) {
      let offset = 1;
      for (const body of instruction.heredocs) {
        const count = offset + (body.match(/\n/g)?.length ?? 0);
        scanShell(path, instruction.line + offset - 1, instruction.line + count - 2, body, tainted, facts);
        offset += count;
      }
    } else if (instruction.command === null || instruction.command.trim() === '') {
      facts.errors.push({ path, line: instruction.line, message: 'Possibly incomplete results: RUN with no command' });
    } else {
      scanShell(path, instruction.line - 1, instruction.endLine - 1, instruction.command, tainted, facts);
    }
  }
}

function collectImages(path: string, instructions: ReturnType<typeof parseDockerfile>, facts: PinningFacts): void {
  const pinnedStages = new Map<string, boolean>();
  const args = new Map<string, string>();
  for (const instruction of instructions) {
    if (instruction.keyword === 'ARG') {
      for (const arg of instruction.args) {
        const eq = arg.indexOf('=');
        if (eq >= 0) args.set(arg.slice(0, eq), arg.slice(eq + 1));
      }
      continue;
    }
    if (instruction.keyword !== 'FROM') continue;
    const values = instruction.args.map((value) => {
      let out = value;
      for (const [key, replacement] of args) out = out.split(`\${${key}}`).join(replacement);
      return out;
    });
    const image = values[0] ?? '';
    if (image.toLowerCase() === 'scratch') {
      if (values.length === 3 && values[1]?.toLowerCase() === 'as') pinnedStages.set(values[2] ?? '', true);
      continue;
    }
    let pinned: boolean;
    if (values.length === 3 && values[1]?.toLowerCase() === 'as') {
      pinned = pinnedStages.get(image) === true || PINNED_IMAGE.test(image);
      pinnedStages.set(values[2] ?? '', pinned);
    } else if (values.length === 1) {
      pinned = pinnedStages.get(image) === true || PINNED_IMAGE.test(image);
    } else {
      facts.errors.push({ path, line: instruction.line, snippet: instruction.original, message: 'Possibly incomplete results: FROM not understood' });
      continue;
    }
    const colon = image.indexOf(':');
    facts.dependencies.push({
      type: 'containerImage',
      path,
      line: instruction.line,
      endLine: instruction.endLine,
      snippet: instruction.original,
      pinned,
      name: colon < 0 ? image : image.slice(0, colon),
      ...(colon < 0 ? {} : { pinnedAt: image.slice(colon + 1) }),
      ...(pinned ? {} : { remediation: 'pin the image by digest (vigil harden --only docker)' }),
    });
  }
}
