import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseSync } from 'oxc-parser';
import { rawParser, releaseRawParser } from './oxc-raw.js';

const OPTIONS = { sourceType: 'unambiguous' as const };

/** Values JSON cannot hold (RegExp and BigInt literals' `value`) as text, so both sides compare. */
const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value, (_key, item: unknown) => (typeof item === 'bigint' ? `${item}n` : item instanceof RegExp ? `${item}` : item)));

/** What oxc's JSON path gives, in the shape parse.ts reads from the raw parser. */
function viaJson(name: string, text: string): unknown {
  const result = parseSync(name, text, OPTIONS);
  return plain({ program: result.program, comments: result.comments.map(({ start, end }) => ({ start, end })), errors: result.errors.map(({ message }) => ({ message })), module: result.module });
}

function viaRaw(name: string, text: string): unknown {
  const parser = rawParser();
  assert.ok(parser, 'raw transfer is available on 64-bit little-endian Linux, Node 20 included');
  const result = parser.parse(name, text, OPTIONS);
  return plain({ program: result.program(), comments: result.comments, errors: result.errors, module: result.module });
}

/** The module record's fields parse.ts reads (the raw side copies only those). */
function moduleFields(value: unknown): unknown {
  const { program, comments, errors, module } = value as { program: unknown; comments: unknown; errors: unknown; module: { staticImports: { start: number; end: number; moduleRequest: unknown; entries: { isType: boolean }[] }[]; staticExports: { start: number; end: number; entries: { isType: boolean; moduleRequest: unknown }[] }[]; dynamicImports: unknown[]; hasModuleSyntax: boolean } };
  return {
    program,
    comments,
    errors,
    hasModuleSyntax: module.hasModuleSyntax,
    staticImports: module.staticImports.map((entry) => ({ start: entry.start, end: entry.end, moduleRequest: entry.moduleRequest, entries: entry.entries.map((item) => item.isType) })),
    staticExports: module.staticExports.map((entry) => ({ start: entry.start, end: entry.end, entries: entry.entries.map((item) => [item.isType, item.moduleRequest]) })),
    dynamicImports: module.dynamicImports,
  };
}

test('the raw parser gives the AST, comments, errors and module record of oxc’s JSON path', () => {
  const cases: [string, string][] = [
    ['hashbang.jsx', '#!/usr/bin/env node\n// a comment\nconst a = require("a"); /* block */\n'],
    ['esm.jsx', 'import a, { type b } from "a";\nexport * from "./b";\nexport { c } from "c";\nconst d = await import("d");\nconst e = <div>{a}</div>;\n'],
    ['types.ts', 'import type { X } from "x";\nimport y = require("y");\nexport const z: number = 1n as unknown as number;\n'],
    ['literals.jsx', 'const r = /a+b/gu; const big = 12345678901234567890n; const s = "ünïcödé ✓ 𝒳"; require(`./t`);\n'],
    ['broken.jsx', 'const = ;\nrequire("x"'],
    ['empty.jsx', ''],
  ];
  // Real files: oxc-parser's own JavaScript and a TypeScript declaration-heavy file.
  const require = createRequire(import.meta.url);
  const oxc = dirname(require.resolve('oxc-parser'));
  for (const file of ['index.js', 'wrap.js', 'generated/visit/walk.js']) cases.push([`${file}x`, readFileSync(join(oxc, file), 'utf8')]);
  cases.push(['index.d.ts', readFileSync(join(oxc, 'index.d.ts'), 'utf8')]);
  for (const [name, text] of cases) assert.deepEqual(moduleFields(viaRaw(name, text)), moduleFields(viaJson(name, text)), name);
});

test('a raw result whose buffer has been reused refuses to build its AST', () => {
  const parser = rawParser();
  assert.ok(parser);
  const first = parser.parse('a.jsx', 'require("a");', OPTIONS);
  const second = parser.parse('b.jsx', 'require("b");', OPTIONS);
  assert.throws(() => first.program(), /reused/);
  assert.equal(second.program().body.length, 1);
});

test('the buffer is let go when a graph is done: the next parse gets a new one, an earlier result still reads its own', () => {
  const before = rawParser();
  assert.ok(before);
  const result = before.parse('a.jsx', 'require("a");', OPTIONS);
  releaseRawParser();
  const after = rawParser();
  assert.ok(after && after !== before);
  assert.equal(result.program().body.length, 1);
});
