/**
 * Loads the action knowledge base: every `<owner>/<repo>.yml` under knowledge/actions, checked
 * against the schema. Lookups take a `uses:` name (`owner/repo` or `owner/repo/path`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { InputError } from '../../errors.js';
import { ActionKnowledge, KnowledgeFile } from './schema.js';

export interface Knowledge {
  /** What the action at `owner/repo[/path]` does with the token; null when not in the base. */
  lookup(action: string): ActionKnowledge | null;
  /** Every action covered, for documentation and tests. */
  actions(): string[];
}

/** The bundled knowledge base: src/harden/knowledge/actions, copied beside the build by scripts/copy-assets.mjs. */
export function defaultKnowledgeDir(): string {
  return fileURLToPath(new URL('./actions', import.meta.url));
}

export function loadKnowledge(dir = defaultKnowledgeDir()): Knowledge {
  const entries = new Map<string, ActionKnowledge>();
  for (const file of listYaml(dir)) {
    const where = relative(dir, file).split(sep).join('/');
    let parsed: KnowledgeFile;
    try {
      parsed = KnowledgeFile.parse(parse(readFileSync(file, 'utf8')));
    } catch (error) {
      throw new InputError(`${file}: not a valid action knowledge file: ${(error as Error).message.slice(0, 300)}`, { file, cause: error });
    }
    if (`${parsed.repo}.yml` !== where) throw new InputError(`${file}: repo ${parsed.repo} does not match the file's place (${where})`, { file });
    const { paths, repo, source: _source, ...root } = parsed;
    if (root.permissions.length > 0 || root.unknown !== undefined || root['token-input'] !== undefined || paths === undefined) {
      entries.set(repo.toLowerCase(), ActionKnowledge.parse(root));
    }
    for (const [path, entry] of Object.entries(paths ?? {})) entries.set(`${repo}/${path}`.toLowerCase(), entry);
  }
  return {
    lookup: (action) => entries.get(action.toLowerCase()) ?? null,
    actions: () => [...entries.keys()].sort(),
  };
}

function listYaml(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return listYaml(full);
    return entry.name.endsWith('.yml') ? [full] : [];
  });
}
