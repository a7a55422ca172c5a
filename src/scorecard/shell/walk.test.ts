import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixture } from '../../../test/fixtures.js';
import { extractCommand } from './commands.js';
import { ParseCache } from './parse-cache.js';
import { parseShell, ShellSyntaxError, walkShell, type ShNode } from './syntax.js';

const here = join(dirname(fileURLToPath(import.meta.url)), '__fixtures__');
const scorecardScripts = fixture('scorecard-testdata', 'checks', 'raw', 'testdata');

/** Real scripts: ours (see __fixtures__/SOURCE.md) and Scorecard's own test scripts. */
const scripts: { name: string; text: string }[] = [
  ...readdirSync(here)
    .filter((name) => name.endsWith('.sh'))
    .map((name) => ({ name, text: readFileSync(join(here, name), 'utf8') })),
  ...readdirSync(scorecardScripts)
    .filter((name) => name.endsWith('.sh'))
    .map((name) => ({ name: `scorecard/${name}`, text: readFileSync(join(scorecardScripts, name), 'utf8') })),
];

// The reference: mvdan-sh's own syntax.Walk and field reads through its wrappers (the code
// this walk replaced), the way Scorecard's Go code sees the tree.
interface Wrapped {
  Pos(): { Line(): number; Offset(): number };
  End(): { Offset(): number };
  Args?: { Parts: Wrapped[] }[];
  Parts?: Wrapped[];
  Value?: string;
}
interface MvdanSyntax {
  NewParser(): { Parse(text: string, name: string): Wrapped };
  Walk(node: Wrapped, visit: (node: Wrapped | null) => boolean): void;
  NodeType(node: Wrapped): string;
}
const limit = Error.stackTraceLimit;
const sh = (createRequire(import.meta.url)('mvdan-sh') as { syntax: MvdanSyntax }).syntax;
Error.stackTraceLimit = limit;

const describe = (node: { Pos(): { Line(): number; Offset(): number }; End(): { Offset(): number } }, type: string): string =>
  `${type} ${node.Pos().Line()}:${node.Pos().Offset()}-${node.End().Offset()}`;

function referenceWalk(text: string): { nodes: string[]; words: string[][] } {
  const nodes: string[] = [];
  const words: string[][] = [];
  sh.Walk(sh.NewParser().Parse(text, 'script'), (node) => {
    if (node === null) return true;
    const type = sh.NodeType(node);
    if (type !== 'Comment') nodes.push(describe(node, type));
    if (type === 'CallExpr') words.push(referenceWords(node));
    return true;
  });
  return { nodes, words };
}

/** extractCommand as it read the wrappers before (quotes kept, unquoted sudo dropped). */
function referenceWords(call: Wrapped): string[] {
  const words: string[] = [];
  for (const word of call.Args ?? []) {
    const part = word.Parts.length === 1 ? word.Parts[0] : undefined;
    if (part === undefined) continue;
    const type = sh.NodeType(part);
    const inner = part.Parts ?? [];
    if (type === 'SglQuoted') words.push(`'${part.Value ?? ''}'`);
    else if (type === 'DblQuoted' && inner.length === 1 && inner[0] !== undefined && sh.NodeType(inner[0]) === 'Lit') words.push(`"${inner[0].Value ?? ''}"`);
    else if (type === 'Lit' && part.Value?.toLowerCase() !== 'sudo') words.push(part.Value ?? '');
  }
  return words;
}

function fastWalk(text: string): { nodes: string[]; words: string[][]; kinds: Set<string> } {
  const nodes: string[] = [];
  const words: string[][] = [];
  const kinds = new Set<string>();
  walkShell(parseShell(text), (node: ShNode, type) => {
    kinds.add(type);
    nodes.push(describe(node, type));
    if (type === 'CallExpr') words.push(extractCommand(node) ?? []);
  });
  return { nodes, words, kinds };
}

test('shell walk: the same nodes in the same order as syntax.Walk, and the same command words, on real scripts', () => {
  const kinds = new Set<string>();
  let compared = 0;
  for (const { name, text } of scripts) {
    let reference: { nodes: string[]; words: string[][] };
    try {
      reference = referenceWalk(text);
    } catch {
      assert.throws(() => parseShell(text), ShellSyntaxError, `${name}: mvdan rejects it, so must parseShell`);
      continue;
    }
    const fast = fastWalk(text);
    assert.deepEqual(fast.nodes, reference.nodes, name);
    assert.deepEqual(fast.words, reference.words, name);
    for (const kind of fast.kinds) kinds.add(kind);
    compared += 1;
  }
  assert.ok(compared >= 15, `${compared} scripts compared`);
  // Every node type syntax.Walk descends for bash occurs, so a wrong branch of the walk shows.
  const all = 'ArithmCmd ArithmExp ArrayElem ArrayExpr Assign BinaryArithm BinaryCmd BinaryTest Block CStyleLoop CallExpr CaseClause CaseItem CmdSubst CoprocClause DblQuoted DeclClause ExtGlob File ForClause FuncDecl IfClause LetClause Lit ParamExp ParenArithm ParenTest ProcSubst Redirect SglQuoted Stmt Subshell TestClause TimeClause UnaryArithm UnaryTest WhileClause Word WordIter';
  assert.deepEqual([...kinds].sort(), all.split(' '));
});

test('shell walk: non-ASCII words decode as mvdan-sh decodes them', () => {
  const text = 'echo "héllo wörld ✓" \'日本\' naïve 🙂\n';
  assert.deepEqual(fastWalk(text).words, referenceWalk(text).words);
  assert.deepEqual(fastWalk(text).words[0], ['echo', '"héllo wörld ✓"', "'日本'", 'naïve', '🙂']);
});

test('shell parse: a text parsed again is taken from the cache, errors included', () => {
  const text = readFileSync(join(here, 'docker-node-functions.sh'), 'utf8');
  assert.equal(parseShell(text), parseShell(text));
  const errors = [0, 1].map(() => {
    try {
      parseShell('if then\n');
    } catch (error) {
      return error;
    }
    return null;
  });
  for (const error of errors) {
    assert.ok(error instanceof ShellSyntaxError);
    assert.equal(error.message, '"if" must be followed by a statement list');
    assert.equal(error.line, 1);
  }
});

test('shell parse cache: bounded by script length, least recently used out first', () => {
  const cache = new ParseCache<number>(10);
  cache.set('aaaa', 1);
  cache.set('bbbb', 2);
  assert.equal(cache.get('aaaa'), 1); // now the most recent
  cache.set('cccc', 3); // 12 > 10: bbbb goes
  assert.equal(cache.get('bbbb'), undefined);
  assert.equal(cache.get('aaaa'), 1);
  assert.equal(cache.get('cccc'), 3);
  cache.set('x'.repeat(11), 4); // larger than the whole budget: not kept, nothing evicted
  assert.equal(cache.get('x'.repeat(11)), undefined);
  assert.equal(cache.get('aaaa'), 1);
});
