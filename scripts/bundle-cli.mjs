// Bundles the whole CLI (src/cli/main.ts and everything it imports, statically or through the
// lazy `import()`s of the command registry) into one ES module, dist/cli/main.bundle.mjs, which
// the `vigil` executable (src/cli/vigil.cjs) loads instead of dist/cli/main.js (#15: on Node 20,
// resolving and loading the ~130 ES and CommonJS modules of `vigil review` cost 2.5x the CPU of a
// bare `node -e 0` before the review did any work; one file costs a fraction of that).
//
// The compiled files of dist/ stay as tsc writes them: tests, the GitHub Action and `vigil run`'s
// launcher use them, and the bundle finds its assets through them. Every `import.meta.url` in
// Vigil's own code becomes the URL of that module's compiled file in dist/ (computed from the
// bundle's own URL at run time), so `new URL('./knowledge/…', import.meta.url)`,
// `createRequire(import.meta.url)` and `../../package.json` mean in the bundle what they mean in
// dist/. Packages with native code, optional native bindings or files found at run time stay
// external: they are loaded from node_modules as before.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(ROOT, 'src');

/**
 * Packages loaded from node_modules at run time, never bundled: native addons (oxc-parser's
 * platform binding, pg-native through pg), packages that find their own files at run time
 * (graphile-worker's migrations, playwright-core's browsers), and the optional XML/JSON validators
 * @cyclonedx/cyclonedx-library requires when present. better-sqlite3's JavaScript is bundled; its
 * addon is loaded from the installed package (src/store/sqlite/driver.ts).
 */
export const EXTERNAL = ['oxc-parser', 'pg', 'pg-native', 'graphile-worker', 'playwright-core', '@cyclonedx/cyclonedx-library'];

/**
 * Sources whose `require` comes from createRequire so that Node's ESM loader does not lex the
 * CommonJS packages they load (node-semver's function files, better-sqlite3); in the bundles the
 * line is removed, the bundle's own `require` remains, and esbuild takes the packages in.
 */
const BUNDLED_REQUIRES = [join(SRC, 'util', 'semver.ts'), join(SRC, 'store', 'sqlite', 'driver.ts')];
const CREATE_REQUIRE = 'const require = createRequire(import.meta.url);';

/** `./x.js` from the bundle's folder to `file`'s compiled twin in `dist` (src/a/b.ts -> dist/a/b.js). */
function compiledPath(file, outdir, dist) {
  const target = join(dist, relative(SRC, file)).replace(/\.ts$/, '.js');
  const path = relative(outdir, target).split(sep).join('/');
  return path.startsWith('.') ? path : `./${path}`;
}

const COMMANDER = /node_modules\/commander\/lib\/command\.js$/;
const COMMANDER_CHILD_PROCESS = "const childProcess = require('node:child_process');";

/**
 * commander requires node:child_process (and with it net, dgram and the streams) at load, for the
 * executable subcommands Vigil does not use: ~3 ms of every start (#15). In the bundles it is
 * required when commander first spawns; the build fails if that line changes.
 */
const lazyChildProcessPlugin = {
  name: 'vigil-commander-child-process',
  setup(bundler) {
    bundler.onLoad({ filter: COMMANDER }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!source.includes(COMMANDER_CHILD_PROCESS)) throw new Error(`bundle-cli: ${args.path} no longer declares \`${COMMANDER_CHILD_PROCESS}\`; update COMMANDER_CHILD_PROCESS`);
      return { contents: source.replace(COMMANDER_CHILD_PROCESS, "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };"), loader: 'js' };
    });
  },
};

/**
 * Packages that most runs of the everyday commands never load: zod and yaml (read only when a
 * config file exists, or by other commands), @yarnpkg/parsers (a yarn.lock). In the CommonJS
 * files each is one file of its own, `outdir/vendor/<name>.cjs`, read at its first `require`
 * through the same code cache (`vigil.loadBundle`, set by code-cache.cjs). In the command files
 * they were ~1.1 MB of the 1.9 MB every start read into a string (~1.2 ms on Node 22, #15), and
 * zod's ES build declared ~1,000 exports at the top of the file, outside its lazy module bodies.
 * Each is loaded as its CommonJS build, which is what Node's `require` of the package gives, and
 * what `import` gives in Node as in the bundles: the default export is module.exports.
 */
export const VENDORED = ['zod', 'yaml', '@yarnpkg/parsers'];

/** `@yarnpkg/parsers` -> `yarnpkg-parsers.cjs`. */
const vendorFileName = (name) => `${name.replace(/^@/, '').replace(/\//g, '-')}.cjs`;

/** In a CommonJS file, `import ... from '<vendored>'` becomes the vendor file's exports. */
const vendorPlugin = {
  name: 'vigil-vendor',
  setup(bundler) {
    const filter = new RegExp(`^(${VENDORED.map((name) => name.replace(/[/@.]/g, '\\$&')).join('|')})$`);
    bundler.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'vigil-vendor' }));
    bundler.onLoad({ filter: /.*/, namespace: 'vigil-vendor' }, (args) => ({ contents: `module.exports = __vigilVendor(${JSON.stringify(vendorFileName(args.path))});`, loader: 'js' }));
  },
};

/** The banner line of a CommonJS file that loads vendor files, from `vendor/` beside it. */
const VENDOR_LOADER = "const __vigilVendor = (file) => (globalThis[Symbol.for('vigil.loadBundle')] || require)(require('node:path').join(__dirname, 'vendor', file));";

/** `outdir/vendor/<name>.cjs` for each of VENDORED: the package's CommonJS build, bundled whole. */
async function buildVendorFiles(outdir) {
  await Promise.all(
    VENDORED.map((name) =>
      buildCommonJs(join(outdir, 'vendor', vendorFileName(name)), {
        stdin: { contents: `module.exports = require(${JSON.stringify(name)});`, resolveDir: ROOT, sourcefile: `vendor-${vendorFileName(name)}`, loader: 'js' },
        banner: { js: "'use strict';" },
      }),
    ),
  );
}

/**
 * Every `import.meta.url` in Vigil's own code becomes the URL of that module's compiled twin in
 * `dist`, computed at run time from `bundleUrl` (the bundle file's own URL, an expression).
 */
function importMetaPlugin(outdir, dist, bundleUrl) {
  return {
    name: 'vigil-import-meta',
    setup(bundler) {
      bundler.onLoad({ filter: /\.ts$/ }, async (args) => {
        if (!args.path.startsWith(SRC + sep)) return undefined;
        let source = await readFile(args.path, 'utf8');
        if (!source.includes('import.meta')) return undefined;
        // node-semver's ~25 function files and better-sqlite3's 14 are bundled (BUNDLED_REQUIRES).
        if (BUNDLED_REQUIRES.includes(args.path)) {
          if (!source.includes(CREATE_REQUIRE)) throw new Error(`bundle-cli: ${args.path} no longer declares \`${CREATE_REQUIRE}\`; update BUNDLED_REQUIRES`);
          source = source.replace(CREATE_REQUIRE, '');
        }
        const url = `new URL(${JSON.stringify(compiledPath(args.path, outdir, dist))}, ${bundleUrl}).href`;
        source = source.replace(/\bimport\.meta\.url\b/g, url);
        // Only reached when running from the TypeScript sources (reachability/parse-pool.ts); a
        // CommonJS file has no import.meta, so the same answer comes from require.resolve there.
        if (bundleUrl !== 'import.meta.url') source = source.replace(/\bimport\.meta\.resolve\(/g, "((specifier) => require('node:url').pathToFileURL(require.resolve(specifier)).href)(");
        return { contents: source, loader: 'ts' };
      });
    },
  };
}

/** Build the CLI bundle in `outdir`; `dist` holds tsc's output (the files its `import.meta.url`s name); resolves to the files it holds. */
export async function bundleCli(outdir = join(ROOT, 'dist', 'cli', 'bundle'), dist = join(ROOT, 'dist')) {
  // Chunk names carry a hash of their contents: the chunks of an earlier build are removed, not left beside.
  await rm(outdir, { recursive: true, force: true });
  const result = await build({
    entryPoints: [join(SRC, 'cli', 'main.ts')],
    outdir,
    splitting: true,
    outExtension: { '.js': '.mjs' },
    chunkNames: '[name]-[hash]',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    metafile: true,
    logLevel: 'warning',
    legalComments: 'none',
    external: EXTERNAL,
    // CommonJS packages inside an ES module bundle call `require` for Node's built-ins.
    banner: { js: "import { createRequire as __vigilCreateRequire } from 'node:module';\nconst require = __vigilCreateRequire(import.meta.url);" },
    // jsonc-parser's UMD build (its `main`) requires its parts by computed names; its ES build bundles.
    alias: { 'jsonc-parser': join(ROOT, 'node_modules', 'jsonc-parser', 'lib', 'esm', 'main.js') },
    plugins: [importMetaPlugin(outdir, dist, 'import.meta.url'), lazyChildProcessPlugin],
  });
  if (process.env.VIGIL_BUNDLE_META) (await import("node:fs")).writeFileSync(process.env.VIGIL_BUNDLE_META, JSON.stringify(result.metafile));
  for (const file of ['node_modules/semver/functions/satisfies.js', 'node_modules/better-sqlite3/lib/database.js']) {
    if (!Object.keys(result.metafile.inputs).some((input) => input.endsWith(file))) throw new Error(`bundle-cli: ${file} is not in the bundle; see BUNDLED_REQUIRES`);
  }
  await bundleCliCommonJs(outdir, dist);
  return Object.keys(result.metafile.inputs);
}

/** The first line of main.cjs: `// vigil-bundle <sha256 of the rest>`, the key of its code cache (src/cli/code-cache.cjs). */
export const COMMONJS_HEADER = '// vigil-bundle ';

/**
 * Commands that also get a CommonJS file of their own, `outdir/<command>.cjs`, which vigil.cjs runs
 * when the command line starts with that command: the everyday ones, whose start is most of their
 * time (#15). In main.cjs every module's functions are declared at the top of one script, so V8
 * creates (and the code cache holds) ~10,000 of them at each start whatever the command: reading
 * the 2.8 MB file, deserializing its ~750 kB of cached code and running its top level was ~25 ms
 * of `vigil --version` on Node 20. A command's own file holds only what that command can load.
 */
export const COMMAND_BUNDLES = ['review', 'inventory', 'node', 'triage', 'scorecard'];

const REGISTRY = join(SRC, 'cli', 'commands', 'registry.ts');
const START = join(SRC, 'cli', 'start.ts');
const COMMAND_IMPORT = /\(await import\('\.\/([a-z-]+)\.js'\)\)/g;
const RUN_LEAN_IMPORT = "await import('./run-lean.js')";

/**
 * In `<command>.cjs`, the registry loads only that command, and start.ts never takes `vigil run`'s
 * lean path: the other commands' modules are left out of the file. vigil.cjs runs the file only
 * for command lines whose first word is the command, so the program never asks for another; if it
 * did, the error says so rather than running something else. The build fails if the shapes change.
 */
function onlyCommandPlugin(command) {
  return {
    name: 'vigil-only-command',
    setup(bundler) {
      bundler.onLoad({ filter: /(registry|start)\.ts$/ }, async (args) => {
        if (args.path !== REGISTRY && args.path !== START) return undefined;
        let source = await readFile(args.path, 'utf8');
        if (args.path === START) {
          if (!source.includes(RUN_LEAN_IMPORT)) throw new Error(`bundle-cli: ${START} no longer holds \`${RUN_LEAN_IMPORT}\`; update RUN_LEAN_IMPORT`);
          return { contents: source.replace(RUN_LEAN_IMPORT, "await Promise.reject(new Error('vigil: run is not in this bundle'))"), loader: 'ts' };
        }
        const names = [...source.matchAll(COMMAND_IMPORT)].map((match) => match[1]);
        if (!names.includes(command) || names.length < 10) throw new Error(`bundle-cli: ${REGISTRY}: expected a \`(await import('./<command>.js'))\` per command, ${command} among them`);
        source = source.replace(COMMAND_IMPORT, (match, name) => (name === command ? match : `(await Promise.reject(new Error('vigil: ${name} is not in this bundle')))`));
        return { contents: source, loader: 'ts' };
      });
    },
  };
}

/**
 * The same CLI as one CommonJS file, `outdir/main.cjs` (start.ts and everything it can load, the
 * lazy imports kept lazy inside the file), and the files of COMMAND_BUNDLES. The `vigil`
 * executable runs them where Node can `require()` an ES module (the externals oxc-parser is one),
 * through src/cli/code-cache.cjs: V8 then skips compiling them from the second start on, on Node 20
 * too, which has no compile cache of its own. Node's ES loader read, compiled, linked and evaluated
 * the ~50 chunks of a review one by one, asynchronously (~25 ms of CPU of a small project's review
 * on Node 20, #15).
 */
async function bundleCliCommonJs(outdir, dist) {
  await Promise.all([
    buildVendorFiles(outdir),
    commonJsFile(join(outdir, 'main.cjs'), outdir, dist, []),
    ...COMMAND_BUNDLES.map((command) => commonJsFile(join(outdir, `${command}.cjs`), outdir, dist, [onlyCommandPlugin(command)])),
  ]);
}

async function commonJsFile(file, outdir, dist, plugins) {
  await buildCommonJs(file, {
    entryPoints: [START],
    external: EXTERNAL,
    // `import()` of a built-in or an external package becomes `require()`: a script run through
    // vm (code-cache.cjs) has no loader for `import()`.
    supported: { 'dynamic-import': false },
    // ES module code is strict; so is the ES bundle, every CommonJS package in it included.
    banner: { js: `'use strict';\nconst __vigilBundleUrl = require('node:url').pathToFileURL(__filename).href;\n${VENDOR_LOADER}` },
    alias: { 'jsonc-parser': join(ROOT, 'node_modules', 'jsonc-parser', 'lib', 'esm', 'main.js') },
    plugins: [...plugins, importMetaPlugin(outdir, dist, '__vigilBundleUrl'), lazyChildProcessPlugin, vendorPlugin],
  });
}

/** One CommonJS file at `file`, as code-cache.cjs loads them (`options` say what goes in). */
async function buildCommonJs(file, options) {
  await build({
    outfile: file,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'warning',
    legalComments: 'none',
    // No comments (some hold non-ASCII characters, which made the whole 4 MB source a two-byte
    // string, decoded from UTF-8 at every start) and no indentation: a smaller file to read and keep.
    minifyWhitespace: true,
    ...options,
  });
  await finishCommonJs(file);
}

/**
 * The few non-ASCII characters left (in template literals, which esbuild does not escape) as
 * \u escapes, which mean the same there and in strings, regular expressions and names: an
 * all-ASCII file is read as Latin-1 into a one-byte string, without UTF-8 decoding
 * (code-cache.cjs). Then the header line that keys the file's code cache.
 */
async function finishCommonJs(file) {
  const text = (await readFile(file, 'utf8')).replace(/[\u0080-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
  await writeFile(file, `${COMMONJS_HEADER}${createHash('sha256').update(text).digest('hex')}\n${text}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await bundleCli();
