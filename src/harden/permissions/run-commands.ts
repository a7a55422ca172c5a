/**
 * Permissions implied by the commands of a `run:` step. `git push` uses the credentials
 * actions/checkout leaves behind; `gh` uses GH_TOKEN/GITHUB_TOKEN; `npm publish --provenance`
 * asks for an OIDC token. A command whose permission depends on its arguments (`gh api`) is
 * unknown. Scripts are parsed with mvdan/sh (as scorecard does); other shells are split on lines.
 */
import { items, parseShell, sourceOf, walkShell, type CallExpr } from '../../scorecard/shell/syntax.js';
import type { Level, Scope } from './needs.js';

export interface RunFindings {
  needs: { scope: Scope; level: Level; reason: string }[];
  /** Commands found that use the workflow token (so a token in `env:` is accounted for). */
  tokenCommands: number;
  unknown: string[];
}

type Rule = { scope: Scope; level: Level } | { scope: Scope; level: Level }[] | 'none' | 'unknown';

/** `gh <group> <verb>` → permission. Verbs not listed are unknown. */
const GH: Record<string, Record<string, Rule>> = {
  pr: {
    create: { scope: 'pull-requests', level: 'write' },
    edit: { scope: 'pull-requests', level: 'write' },
    comment: { scope: 'pull-requests', level: 'write' },
    review: { scope: 'pull-requests', level: 'write' },
    close: { scope: 'pull-requests', level: 'write' },
    reopen: { scope: 'pull-requests', level: 'write' },
    ready: { scope: 'pull-requests', level: 'write' },
    merge: [
      { scope: 'pull-requests', level: 'write' },
      { scope: 'contents', level: 'write' },
    ],
    view: { scope: 'pull-requests', level: 'read' },
    list: { scope: 'pull-requests', level: 'read' },
    diff: { scope: 'pull-requests', level: 'read' },
    checks: { scope: 'checks', level: 'read' },
    status: { scope: 'pull-requests', level: 'read' },
    checkout: { scope: 'contents', level: 'read' },
  },
  issue: {
    create: { scope: 'issues', level: 'write' },
    edit: { scope: 'issues', level: 'write' },
    comment: { scope: 'issues', level: 'write' },
    close: { scope: 'issues', level: 'write' },
    reopen: { scope: 'issues', level: 'write' },
    delete: { scope: 'issues', level: 'write' },
    lock: { scope: 'issues', level: 'write' },
    unlock: { scope: 'issues', level: 'write' },
    pin: { scope: 'issues', level: 'write' },
    view: { scope: 'issues', level: 'read' },
    list: { scope: 'issues', level: 'read' },
    status: { scope: 'issues', level: 'read' },
  },
  label: { create: { scope: 'issues', level: 'write' }, edit: { scope: 'issues', level: 'write' }, delete: { scope: 'issues', level: 'write' }, list: { scope: 'issues', level: 'read' } },
  release: {
    create: { scope: 'contents', level: 'write' },
    upload: { scope: 'contents', level: 'write' },
    edit: { scope: 'contents', level: 'write' },
    delete: { scope: 'contents', level: 'write' },
    view: { scope: 'contents', level: 'read' },
    list: { scope: 'contents', level: 'read' },
    download: { scope: 'contents', level: 'read' },
  },
  run: {
    rerun: { scope: 'actions', level: 'write' },
    cancel: { scope: 'actions', level: 'write' },
    delete: { scope: 'actions', level: 'write' },
    view: { scope: 'actions', level: 'read' },
    list: { scope: 'actions', level: 'read' },
    watch: { scope: 'actions', level: 'read' },
    download: { scope: 'actions', level: 'read' },
  },
  workflow: {
    run: { scope: 'actions', level: 'write' },
    enable: { scope: 'actions', level: 'write' },
    disable: { scope: 'actions', level: 'write' },
    view: { scope: 'actions', level: 'read' },
    list: { scope: 'actions', level: 'read' },
  },
  cache: { delete: { scope: 'actions', level: 'write' }, list: { scope: 'actions', level: 'read' } },
  repo: { view: { scope: 'contents', level: 'read' }, clone: { scope: 'contents', level: 'read' } },
  auth: { status: 'none', 'setup-git': 'none', token: 'none' },
  api: {},
};

function unquote(word: string): string {
  return word.replace(/^(['"])(.*)\1$/s, '$2');
}

/** Every simple command of the script, as lists of words. */
function commandsOf(script: string, shell: string | null): string[][] {
  const text = script.replace(/\{\{[^{}]*\}\}/g, 'GITHUB_REDACTED_VAR');
  const parseable = shell === null || /^(bash|sh)\b/.test(shell);
  if (parseable) {
    try {
      const commands: string[][] = [];
      const source = Buffer.from(text, 'utf8');
      walkShell(parseShell(text), (node, type) => {
        if (type === 'CallExpr') commands.push(items((node as CallExpr).Args).map((word) => unquote(sourceOf(source, word))));
      });
      return commands;
    } catch {
      // Falls through to the line-based reading below.
    }
  }
  return text
    .split(/\r?\n|&&|\|\||;|\|/)
    .map((line) => line.trim().split(/\s+/).filter((word) => word !== '').map(unquote))
    .filter((words) => words.length > 0);
}

export function runCommands(script: string, shell: string | null): RunFindings {
  const found: RunFindings = { needs: [], tokenCommands: 0, unknown: [] };
  const add = (rule: Rule, reason: string): void => {
    if (rule === 'none') return;
    if (rule === 'unknown') {
      found.unknown.push(reason);
      return;
    }
    for (const { scope, level } of Array.isArray(rule) ? rule : [rule]) found.needs.push({ scope, level, reason });
  };
  for (const raw of commandsOf(script, shell)) {
    const words = raw[0] === 'sudo' ? raw.slice(1) : raw;
    const [bin = '', sub = '', verb = ''] = words;
    const base = bin.split('/').pop() ?? bin;
    if (base === 'git' && words.includes('push')) {
      found.tokenCommands++;
      add({ scope: 'contents', level: 'write' }, "git push: pushes with the checkout's credentials");
    } else if (base === 'gh') {
      found.tokenCommands++;
      const group = GH[sub];
      const rule = group === undefined ? undefined : group[verb];
      if (rule === undefined) add('unknown', `gh ${sub} ${verb}: the permission it needs is not known`.replace(/\s+:/, ':'));
      else add(rule, `gh ${sub} ${verb}`);
    } else if (['npm', 'pnpm', 'yarn'].includes(base) && words.includes('publish') && words.includes('--provenance')) {
      add({ scope: 'id-token', level: 'write' }, `${base} publish --provenance: signs provenance with an OIDC token`);
    }
  }
  return found;
}
