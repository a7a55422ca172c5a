import { existsSync,  } from 'node:fs';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { InputError } from '../errors.js';
import type { Hold } from './types.js';
import { readInputTextSync, yamlToJs } from '../util/read-input.js';

/** `.vigil/holds.yaml`: `holds: [{ id, version?, reason, expires }]`, unknown keys refused. */
const HoldsFile = z.strictObject({
  holds: z.array(
    z.strictObject({
      id: z.string().min(1),
      version: z.string().optional(),
      reason: z.string().min(1, 'a hold needs a reason'),
      expires: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expires must be YYYY-MM-DD'),
    }),
  ),
});

/** Read the holds file; a missing file holds nothing. Errors name the file, the key and the line. */
export function readHolds(path: string): Hold[] {
  if (!existsSync(path)) return [];
  const text = readInputTextSync(path, { kind: 'config' });
  const document = parseDocument(text);
  if (document.errors[0]) throw new InputError(`${path}: not valid YAML: ${document.errors[0].message.split('\n')[0]}`, { file: path, line: document.errors[0].linePos?.[0].line });
  const parsed = HoldsFile.safeParse(yamlToJs(document, path) ?? { holds: [] });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const node = document.getIn(issue?.path ?? [], true) as { range?: [number, number] } | undefined;
    const line = node?.range ? text.slice(0, node.range[0]).split('\n').length : undefined;
    const detail = issue?.code === 'unrecognized_keys' ? `unknown key ${issue.keys.join(', ')}` : (issue?.message ?? 'invalid');
    throw new InputError(`${path}: ${issue?.path.join('.') || '(root)'}: ${detail}`, { file: path, line });
  }
  return parsed.data.holds.map((hold) => ({ id: hold.id, version: hold.version, reason: hold.reason, expires: hold.expires }));
}

/** The hold on a dependency, with whether it has expired and whether it is for the version in the tree. */
export function holdFor(holds: Hold[], id: string, current: string | null, today: string): (Hold & { expired: boolean; appliesTo: boolean }) | undefined {
  const hold = holds.find((candidate) => candidate.id === id);
  if (!hold) return undefined;
  return { ...hold, expired: hold.expires < today, appliesTo: hold.version === undefined || hold.version === current };
}
