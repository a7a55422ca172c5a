import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { buildGraph, installedPackages, parseModule, verdictFor } from './index.js';
import { tempTree, testFinding } from '../../test/fixtures.js';

const tree = (files: Record<string, string>): string => tempTree(files, 'vigil-fold-');

const pkg = (name: string, extra: object = {}): string => JSON.stringify({ name, version: '1.0.0', ...extra });
const dep = (name: string): Record<string, string> => ({ [`node_modules/${name}/package.json`]: pkg(name), [`node_modules/${name}/index.js`]: '' });

const finding = (name: string) => testFinding({ package: name });

async function verdicts(root: string, names: string[]): Promise<Record<string, string>> {
  const graph = await buildGraph(root);
  const installed = installedPackages(root);
  return Object.fromEntries(names.map((name) => [name, verdictFor(finding(name), { graph, installed }).status]));
}

/** Specifiers (exact) and heads (computed) parseModule finds in one snippet at /p/lib/x.js. */
function loads(text: string, file = '/p/lib/x.js'): string[] {
  const builtin = (specifier: string | null): boolean => specifier !== null && (specifier.startsWith('node:') || builtinModules.includes(specifier));
  return parseModule(file, text).loads.filter((site) => !builtin(site.specifier)).map((site) => site.specifier ?? `<${site.prefix}…${site.suffix}>`);
}

test('folds path.join/resolve with __dirname, require(path), destructured and ESM path functions, template literals and +', async () => {
  assert.deepEqual(loads(`const cliEntry = require('node:path').resolve(__dirname, 'cli/entry.js')\nmodule.exports = () => require(cliEntry)\n`), ['/p/lib/cli/entry.js']);
  assert.deepEqual(loads(`const { join: j } = require('path');\nrequire(j(__dirname, '..', 'bin', 'a'));\n`), ['/p/bin/a']);
  assert.deepEqual(loads(`const path = require('path');\nconst dir = path.join(__dirname, 'cmds');\nrequire(\`\${dir}/\${name}.js\`);\nrequire(dir + '/b');\n`), ['</p/lib/cmds/….js>', '/p/lib/cmds/b']);
  assert.deepEqual(loads(`import * as path from 'node:path';\nimport { fileURLToPath } from 'node:url';\nconst here = path.dirname(fileURLToPath(import.meta.url));\nawait import(path.join(here, 'c.mjs'));\nawait import(new URL('./d.mjs', import.meta.url));\nawait import(import.meta.dirname + '/e.mjs');\n`, '/p/lib/x.mjs'), ['/p/lib/c.mjs', '/p/lib/d.mjs', '/p/lib/e.mjs']);
  // path.resolve of a relative path depends on the working directory: not folded.
  assert.deepEqual(loads(`const path = require('path');\nrequire(path.resolve('lib/x'));\n`), ['<…>']);
  // a computed middle keeps the head and the tail
  assert.deepEqual(loads(`const path = require('path');\nrequire(path.join(__dirname, 'plugins', name, 'index.js'));\n`), ['</p/lib/plugins/…/index.js>']);
});

test('const and let bindings fold only when every write is visible and the name is bound once', async () => {
  assert.deepEqual(loads(`let p = './a';\nif (x) p = './b';\nrequire(p);\n`), ['./a', './b']);
  assert.deepEqual(loads(`let q = './a';\nq += x;\nrequire(q);\n`), ['<…>'], 'a compound write is not followed');
  assert.deepEqual(loads(`const name = './x';\nfunction load(name) { return require(name); }\n`), ['<…>'], 'a parameter shadows the constant');
  assert.deepEqual(loads(`for (const m of list) require(m);\n`), ['<…>']);
  assert.deepEqual(loads(`const a = b;\nconst b = a;\nrequire(a);\n`), ['<…>'], 'a cycle folds to nothing');
  assert.deepEqual(loads(`const impl = process.platform === 'win32' ? './win.js' : process.env.X || './posix.js';\nrequire(impl);\n`), ['./win.js', '<…>', './posix.js']);
});

test('a parameter passed to require folds to the arguments of the function\'s calls, unless the function escapes', async () => {
  assert.deepEqual(loads(`function load(name) { return require(name); }\nload('./a');\nload('dep-b');\n`), ['./a', 'dep-b']);
  assert.deepEqual(loads(`const load = (dir, name = 'idx') => require('./' + dir + '/' + name);\nload('x', 'y');\nload('z');\n`), ['./x/y', './x/idx', './z/y', './z/idx'], 'each parameter folds on its own: every combination (more, never fewer)');
  assert.deepEqual(loads(`function inner(m) { return require(m); }\nfunction outer(n) { return inner('plugin-' + n); }\nouter('a');\n`), ['plugin-a'], 'through two calls');
  assert.deepEqual(loads(`function load(name) { return require(name); }\nload('./a');\nload(process.argv[2]);\n`), ['./a', '<…>'], 'a computed argument stays computed');
  assert.deepEqual(loads(`function load(name) { return require(name); }\nload('./a');\nmodule.exports = load;\n`), ['<…>', './a'], 'exported by value: any caller');
  assert.deepEqual(loads(`export function load(name) { return import(name); }\nload('./a');\n`, '/p/x.mjs'), ['<…>', './a'], 'exported by declaration');
  assert.deepEqual(loads(`function load(name) { return require(name); }\nload.call(null, './a');\n`), ['<…>'], 'called indirectly');
  assert.deepEqual(loads(`function load(name) { return require(name); }\nload(...names);\n`), ['<…>'], 'spread arguments');
  assert.deepEqual(loads(`function load(name) { name += '.js'; return require(name); }\nload('./a');\n`), ['<…>'], 'a compound write');
  assert.deepEqual(loads(`function unused(name) { return require(name); }\n`), [], 'never called: loads nothing');
  assert.deepEqual(loads(`module.exports = { load(name) { return require(name); } };\n`), ['<…>'], 'a method: its callers are not in sight');
});

test('the literal fast path (no AST) finds the same loads as the AST, and leaves everything else to it', async () => {
  const same = (text: string, file = '/p/lib/x.js'): void => {
    const key = (ast: boolean): string[] => parseModule(file, text, { ast }).loads.map((site) => `${site.kind} ${site.specifier ?? `<${site.prefix}…${site.suffix}>`} ${site.line}`);
    assert.deepEqual(key(false), key(true), text);
  };
  same(`const a = require('a');\n// require('commented')\n/* require("also") */\nif (require.main === module) import('b');\nconst c = typeof require === 'function' && require("c");\n`);
  same(`const msg = "use require('in-string') instead";\nrequire('real');\n`);
  same(`const code = template\`\n  require("core-js");\n\`;\nrequire('real');\n`);
  same(`require('./a' + x);\nrequire(\`./b\`);\nrequire.resolve('./c');\n`);
  same(`import x from 'esm';\nexport * from './re';\nawait import(\`./t\`);\nawait import('./lit');\n`, '/p/x.mjs');
  assert.deepEqual(loads(`const msg = "require('in-string')";\n`), [], 'text inside a string is not a load');
  // Words that are no call: the fast path keeps them from sending a file to the AST, with the same loads.
  const fast = (text: string, file = '/p/lib/x.js'): void => {
    same(text, file);
    assert.equal(parseModule(file, text).ast, false, text);
  };
  fast(`const kinds = ["require", 'amd-require'];\nrequire('a');\n`);
  fast(`const bundled = require$$0;\nexports.require = function () {};\nRuntimeGlobals.require('not-a-load');\n`);
  fast(`// fetch() polyfill for API calls.\n  require('after-a-comment-dot');\nconst all = { ...require('spread') };\n`);
  fast(`throw new Error("Floating-point numbers require a valid exponent");\nrequire('b');\n`);
  fast(`/** the private names \`eval\` may read; \`Function\` too */\nconst g = Function('return this')();\nnew Function("a", "b", "return a + b");\n`);
  fast(`if (/^Program|Function/.test(node.type)) require('c');\nconst keywords = 'eval arguments';\n`);
  fast(`const p = require.resolve('./c');\nconst q = require\n  .resolve("d");\nrequire('e');\n`);
  fast(`const hooks = { require: __webpack_require__, other: 1 };\n(function (module, exports, require) { require('f'); })(m, e, require);\nconst r = cond ? require : null;\nrequire = patched;\n`);
  // What only the AST can decide.
  const slow = (text: string, file = '/p/lib/x.js'): void => {
    same(text, file);
    assert.equal(parseModule(file, text).ast, true, text);
  };
  slow(`eval(code);\n`);
  slow(`eval /* c */ (code);\n`);
  slow(`const f = new Function('return import("x")');\n`);
  slow(`const cp = require('child_process');\ncp.fork('./w.js');\n`);
  slow(`const { createRequire } = require('node:module');\n`);
  slow(`module.require('m');\n`);
  // require.resolve with options, and a require passed on where createRequire is named (the AST follows bindings there).
  slow(`require.resolve('./p', { paths: [dir] });\n`);
  slow(`const req = cond ? require : createRequire(base);\nreq('x');\n`);
});

test('Function(…) and new Function(…) with computed text, or text naming require or import, are unknown like eval', async () => {
  const lines = (text: string): number[] => parseModule('/p/lib/x.js', text).functionLines;
  assert.deepEqual(lines(`const load = new Function('name', 'return import(name)');\n`), [1], 'import() in constant text');
  assert.deepEqual(lines(`\nconst f = Function(code);\n`), [2], 'computed text');
  assert.deepEqual(lines(`new Function('require', source)(require);\n`), [1], 'handed require');
  assert.deepEqual(lines(`globalThis.Function('return ' + expr)();\n`), [1]);
  assert.deepEqual(lines('const f = Function`${body}`;\n'), [1], 'a tagged template passes its expressions');
  assert.deepEqual(lines(`const g = Function('return this')();\nnew Function('a', 'b', 'return a + b');\n`), [], 'constant text without require or import loads nothing');
  const root = tree({
    'package.json': pkg('app', { main: 'index.js' }),
    'index.js': `module.exports = (name) => new Function('return import(' + JSON.stringify(name) + ')')();\n`,
    ...dep('other'),
  });
  try {
    const graph = await buildGraph(root);
    assert.match(graph.unknown.map((load) => load.what).join('\n'), /Function\(<computed>\)/);
    assert.equal((await verdicts(root, ['other'])).other, 'unknown', 'never not reachable');
    // No require, import or eval in the file: it is still parsed.
    writeFileSync(join(root, 'index.js'), `module.exports = (code) => new Function(code)();\n`);
    assert.equal((await verdicts(root, ['other'])).other, 'unknown', 'a file whose only load word is Function');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('createRequire, require.resolve, TypeScript import = require, Worker and fork are loads', async () => {
  assert.deepEqual(loads(`import { createRequire } from 'node:module';\nconst req = createRequire(import.meta.url);\nreq('dep-a');\n`, '/p/x.mjs'), ['dep-a']);
  const other = parseModule('/p/x.mjs', `import module from 'module';\nconst require = module.createRequire('/q/base.js');\nrequire('./y');\n`).loads;
  assert.deepEqual(other.map((site) => [site.specifier, site.base]), [['module', undefined], ['./y', '/q/base.js']]);
  assert.deepEqual(loads(`const r = require('module').createRequire(somewhere);\nr('z');\n`), ['<…>'], 'an unknown base makes the load computed');
  assert.deepEqual(loads(`require(require.resolve('./z'));\n`), ['/p/lib/z', './z']);
  assert.deepEqual(loads(`import x = require('dep-ts');\nimport type T = require('types-only');\n`, '/p/x.ts'), ['dep-ts']);
  assert.deepEqual(loads(`const { Worker } = require('worker_threads');\nconst cp = require('node:child_process');\nnew Worker(require('path').join(__dirname, 'w.js'));\ncp.fork(script);\nother.fork(script);\n`), ['/p/lib/w.js', '<…>']);
});

test('folded loads reach what they name; .json tails and followed heads do not make other packages unknown', async () => {
  const root = tree({
    'package.json': pkg('app', { main: 'index.js', dependencies: { 'win-only': '1', 'posix-only': '1' } }),
    'index.js': [
      `const path = require('path');`,
      `const { Worker } = require('node:worker_threads');`,
      `require(path.join(__dirname, 'lib', 'cli.js'));`,
      `require(process.platform === 'win32' ? 'win-only' : 'posix-only');`,
      `new Worker(path.resolve(__dirname, 'worker.js'));`,
      `const manifest = require(path.join(process.cwd(), 'package.json'));`,
      `require(\`./commands/\${process.argv[2]}.js\`);`,
    ].join('\n'),
    'lib/cli.js': `require('cli-dep');\n`,
    'worker.js': `require('worker-dep');\n`,
    'commands/a.js': `require('command-dep');\n`,
    'commands/a.json': '{}',
    ...dep('cli-dep'),
    ...dep('worker-dep'),
    ...dep('command-dep'),
    ...dep('win-only'),
    ...dep('posix-only'),
    ...dep('unused'),
  });
  try {
    assert.deepEqual(await verdicts(root, ['cli-dep', 'worker-dep', 'command-dep', 'win-only', 'posix-only', 'unused']), {
      'cli-dep': 'reachable',
      'worker-dep': 'reachable',
      'command-dep': 'reachable',
      'win-only': 'reachable',
      'posix-only': 'reachable',
      unused: 'not-reachable',
    });
    writeFileSync(join(root, 'lib/cli.js'), `require('cli-dep');\nrequire(process.env.PLUGIN);\n`);
    assert.equal((await verdicts(root, ['unused'])).unused, 'unknown', 'a load nothing folds still makes every package unknown');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('TypeScript declaration files (the types condition) are not parsed as code', async () => {
  const root = tree({
    'package.json': pkg('app', { main: 'index.js' }),
    'index.js': `require('typed');\n`,
    'node_modules/typed/package.json': pkg('typed', { exports: { '.': { types: './index.d.cts', default: './index.js' } } }),
    'node_modules/typed/index.js': '',
    'node_modules/typed/index.d.cts': `declare const x: number;\nexport = x;\nimport y = require('not-at-runtime');\n`,
    ...dep('not-at-runtime'),
  });
  try {
    const graph = await buildGraph(root);
    assert.deepEqual(graph.unknown, []);
    assert.equal(verdictFor(finding('not-at-runtime'), { graph, installed: installedPackages(root) }).status, 'not-reachable');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('pnpm-workspace.yaml, ** and ! workspace patterns are entry points; tsconfig paths resolve; an unresolved bare import in project code is unknown', async () => {
  const root = tree({
    'package.json': pkg('mono'),
    'pnpm-workspace.yaml': `packages:\n  - 'apps/**'\n  - '!apps/skip'\n`,
    'apps/web/package.json': pkg('web', { main: 'index.js' }),
    'apps/web/index.js': `require('web-dep');\n`,
    'apps/nested/api/package.json': pkg('api', { main: 'index.ts' }),
    'apps/nested/api/index.ts': `import { x } from '@lib/util';\nexport default x;\n`,
    'apps/skip/package.json': pkg('skip', { main: 'index.js' }),
    'apps/skip/index.js': `require('skip-dep');\n`,
    'tsconfig.json': `{ // comments allowed\n  "compilerOptions": { "baseUrl": ".", "paths": { "@lib/*": ["libs/*"] } },\n}\n`,
    'libs/util.ts': `import 'alias-dep';\nexport const x = 1;\n`,
    ...dep('web-dep'),
    ...dep('alias-dep'),
    ...dep('skip-dep'),
  });
  try {
    assert.deepEqual(await verdicts(root, ['web-dep', 'alias-dep', 'skip-dep']), { 'web-dep': 'reachable', 'alias-dep': 'reachable', 'skip-dep': 'not-reachable' });
    writeFileSync(join(root, 'apps/web/index.js'), `require('web-dep');\nrequire('~/unread-alias');\n`);
    assert.equal((await verdicts(root, ['skip-dep']))['skip-dep'], 'unknown', 'a webpack alias Vigil does not read could name anything');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
