/**
 * What an advisory says is vulnerable (functions, files), from three places in order: OSV
 * `affected[].ecosystem_specific` (`affected_functions`, `imports[].symbols`), Vigil's curated
 * knowledge file (each entry with its source), and names the GHSA text quotes as code
 * (`` `_.template` ``, `` `parse()` ``). Then the references to those names in the modules that
 * load the package: call sites a reviewer can open.
 */
import { readFileSync } from 'node:fs';
import { Visitor, parseSync } from 'oxc-parser';
import type { Advisory } from '../advisories/types.js';
import type { CallSite, ReachabilityVerdict } from './types.js';

interface KnowledgeEntry {
  id: string;
  package: string;
  functions: string[];
  files: string[];
  source: string;
}

let knowledge: KnowledgeEntry[] | null = null;

/** The curated entries (read once: the file ships with Vigil and does not change while it runs). */
export function knowledgeEntries(): KnowledgeEntry[] {
  knowledge ??= (JSON.parse(readFileSync(new URL('./knowledge/vulnerable-code.json', import.meta.url), 'utf8')) as { entries: KnowledgeEntry[] }).entries;
  return knowledge;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** Vulnerable functions and files for a finding's aliases and package; null when nothing names any. */
export function vulnerableCode(aliases: string[], packageName: string, advisories: Advisory[]): ReachabilityVerdict['vulnerableCode'] {
  for (const advisory of advisories) {
    for (const affected of advisory.affected) {
      if (affected.package?.name !== packageName || !affected.ecosystem_specific) continue;
      const specific = affected.ecosystem_specific;
      const functions = [...strings(specific.affected_functions), ...(Array.isArray(specific.imports) ? (specific.imports as { symbols?: unknown }[]).flatMap((entry) => strings(entry.symbols)) : [])];
      if (functions.length > 0) return { functions: functions.map((name) => name.split('.').pop() as string), files: [], source: `OSV ${advisory.id} affected[].ecosystem_specific` };
    }
  }
  const ids = new Set(aliases.map((alias) => alias.toUpperCase()));
  const entry = knowledgeEntries().find((candidate) => candidate.package === packageName && ids.has(candidate.id.toUpperCase()));
  if (entry) return { functions: entry.functions, files: entry.files, source: `vigil knowledge (${entry.source})` };
  for (const advisory of advisories) {
    const quoted = [...`${advisory.summary ?? ''}`.matchAll(/`([A-Za-z_$][\w$.]*)(?:\(\))?`/g)].map((match) => (match[1] as string).split('.').pop() as string);
    const names = [...new Set(quoted)].filter((name) => name !== packageName && name.length > 2);
    if (names.length > 0) return { functions: names, files: [], source: `advisory text of ${advisory.id}` };
  }
  return null;
}

type Callee = { type: string; name?: string; property?: { name?: string }; object?: Callee; arguments?: { value?: unknown }[]; callee?: Callee; expression?: Callee; left?: Callee; start: number };

/** `require('pkg')` itself: calling it calls the package's export (minimist, path-parse, …). */
function isRequireOf(node: Callee | undefined, packageName: string): boolean {
  return node?.type === 'CallExpression' && node.callee?.type === 'Identifier' && node.callee.name === 'require' && node.arguments?.[0]?.value === packageName;
}

/**
 * Calls of `names` (by name, as methods, as `new`) in `files`, with lines; a package that exports
 * a function is called through `require('pkg')(…)` or a binding of it, which counts as its export.
 */
export function callSites(files: Iterable<string>, names: string[], packageName: string, limit = 20): CallSite[] {
  const sites: CallSite[] = [];
  for (const file of files) {
    if (sites.length >= limit) break;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    if (!names.some((name) => text.includes(name)) && !text.includes(packageName)) continue;
    const wanted = new Set(names);
    const exportName = `${packageName} (its export)`;
    const result = parseSync(/\.(?:ts|tsx|mts|cts)$/.test(file) ? file : `${file}.jsx`, text, { sourceType: 'unambiguous' as never });
    const lineOf = (offset: number): number => text.slice(0, offset).split('\n').length;
    const seen = new Set<string>();
    const add = (name: string, offset: number): void => {
      const line = lineOf(offset);
      const key = `${name}:${line}`;
      if (!seen.has(key) && sites.length < limit) {
        seen.add(key);
        sites.push({ file, line, name });
      }
    };
    const bindings = new Set<string>();
    new Visitor({
      VariableDeclarator(node: unknown) {
        const declarator = node as { id: { type: string; name?: string }; init?: Callee };
        if (declarator.id.type === 'Identifier' && declarator.id.name && isRequireOf(declarator.init, packageName)) bindings.add(declarator.id.name);
      },
    }).visit(result.program as never);
    const check = (node: Callee): void => {
      let callee = node;
      // (require('x').Range), (m.default || m): look through parentheses and fallbacks.
      while (callee.type === 'ParenthesizedExpression' || callee.type === 'LogicalExpression') callee = (callee.expression ?? callee.left) as Callee;
      if (callee.type === 'MemberExpression' && callee.property?.name === 'default' && callee.object) callee = callee.object;
      const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? callee.property?.name : undefined;
      if (name && wanted.has(name)) add(name, callee.start);
      else if (isRequireOf(callee, packageName) || (callee.type === 'Identifier' && callee.name && bindings.has(callee.name))) add(exportName, callee.start);
    };
    new Visitor({
      CallExpression: (node: unknown) => check((node as { callee: Callee }).callee),
      NewExpression: (node: unknown) => check((node as { callee: Callee }).callee),
    }).visit(result.program as never);
  }
  return sites;
}
