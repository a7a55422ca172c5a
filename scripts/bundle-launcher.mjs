// Bundles `vigil run`'s launcher (src/cli/launcher.ts and everything it imports) into one
// CommonJS file, dist/runtime/launcher.cjs, which the `vigil` executable (src/cli/vigil.cjs)
// loads for `vigil run ... -- cmd` (#18). Every `vigil run` is two Node starts, and the
// launcher's share is what it loads: ~30 ES modules through the ESM loader cost more CPU than
// the application's own start; one CommonJS file costs a few milliseconds.
// The bundle holds Vigil's own code and jsonc-parser only; esbuild (already installed with tsx)
// does the bundling. It sits in dist/runtime/ so that `import.meta.url`-relative paths in the
// bundled code (the preload directory, ../../package.json) mean what they mean in dist/runtime/.
import { build } from 'esbuild';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Modules the launcher loads only in rare cases (and which load yaml and zod): left as files of dist/. */
const LAZY = [join(ROOT, 'src', 'config', 'read-file.ts')];
/** Packages the bundle may hold: anything else must stay out of the run path. */
const BUNDLED_PACKAGES = ['jsonc-parser'];

/** Build the launcher bundle at `outfile`; resolves to the files it holds (relative to the repository). */
export async function bundleLauncher(outfile = join(ROOT, 'dist', 'runtime', 'launcher.cjs')) {
  const result = await build({
    entryPoints: [join(ROOT, 'src', 'cli', 'launcher.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // jsonc-parser's UMD build requires its parts by computed names; its ES build bundles.
    mainFields: ['module', 'main'],
    metafile: true,
    logLevel: 'warning',
    legalComments: 'none',
    // The bundled code's import.meta.url is the bundle's own URL (it lives where run.js and failure.js live).
    define: { 'import.meta.url': '__vigilLauncherUrl' },
    banner: { js: "'use strict';\nconst __vigilLauncherUrl = require('node:url').pathToFileURL(__filename).href;" },
    plugins: [
      {
        name: 'vigil-launcher',
        setup(bundler) {
          bundler.onResolve({ filter: /.*/ }, (args) => {
            if (args.kind === 'entry-point' || args.path.startsWith('node:')) return undefined;
            if (!args.path.startsWith('.')) {
              // `import('ssri')` (integrity only) stays a dynamic import of the installed package.
              if (args.kind === 'dynamic-import') return { path: args.path, external: true };
              if (BUNDLED_PACKAGES.includes(args.path)) return undefined;
              return { errors: [{ text: `the launcher bundle may not import the package ${args.path} (${relative(ROOT, args.importer)}): every module it loads is added to each application's start` }] };
            }
            const target = resolve(dirname(args.importer), args.path).replace(/\.js$/, '.ts');
            if (!LAZY.includes(target)) return undefined;
            const built = relative(dirname(outfile), join(ROOT, 'dist', relative(join(ROOT, 'src'), target))).replace(/\.ts$/, '.js');
            return { path: built.startsWith('.') ? built : `./${built}`, external: true };
          });
        },
      },
    ],
  });
  return Object.keys(result.metafile.inputs);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await bundleLauncher();
