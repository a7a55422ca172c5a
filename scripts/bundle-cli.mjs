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
import { readFile, rm } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(ROOT, 'src');

/**
 * Packages loaded from node_modules at run time, never bundled: native addons (better-sqlite3,
 * oxc-parser's platform binding, pg-native through pg), packages that find their own files at run
 * time (graphile-worker's migrations, playwright-core's browsers), and the optional XML/JSON
 * validators @cyclonedx/cyclonedx-library requires when present.
 */
export const EXTERNAL = ['better-sqlite3', 'oxc-parser', 'pg', 'pg-native', 'graphile-worker', 'playwright-core', '@cyclonedx/cyclonedx-library'];

const SEMVER = join(SRC, 'util', 'semver.ts');
const SEMVER_REQUIRE = 'const require = createRequire(import.meta.url);';

/** `./x.js` from the bundle's folder to `file`'s compiled twin in `dist` (src/a/b.ts -> dist/a/b.js). */
function compiledPath(file, outdir, dist) {
  const target = join(dist, relative(SRC, file)).replace(/\.ts$/, '.js');
  const path = relative(outdir, target).split(sep).join('/');
  return path.startsWith('.') ? path : `./${path}`;
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
    plugins: [
      {
        name: 'vigil-import-meta',
        setup(bundler) {
          bundler.onLoad({ filter: /\.ts$/ }, async (args) => {
            if (!args.path.startsWith(SRC + sep)) return undefined;
            let source = await readFile(args.path, 'utf8');
            if (!source.includes('import.meta')) return undefined;
            // node-semver's function files are required through createRequire so that Node's ESM
            // loader does not lex them (util/semver.ts); the bundle's own `require` lets esbuild
            // take them in, which spares the review and inventory ~25 CommonJS file loads.
            if (args.path === SEMVER) source = source.replace(SEMVER_REQUIRE, '');
            const url = `new URL(${JSON.stringify(compiledPath(args.path, outdir, dist))}, import.meta.url).href`;
            return { contents: source.replace(/\bimport\.meta\.url\b/g, url), loader: 'ts' };
          });
        },
      },
    ],
  });
  if (process.env.VIGIL_BUNDLE_META) (await import("node:fs")).writeFileSync(process.env.VIGIL_BUNDLE_META, JSON.stringify(result.metafile));
  if (!Object.keys(result.metafile.inputs).some((input) => input.endsWith('node_modules/semver/functions/satisfies.js'))) throw new Error(`bundle-cli: ${SEMVER} no longer declares \`${SEMVER_REQUIRE}\`; update SEMVER_REQUIRE`);
  return Object.keys(result.metafile.inputs);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await bundleCli();
