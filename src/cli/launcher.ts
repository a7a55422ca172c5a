// `vigil run ... -- cmd` as one bundled CommonJS file (dist/runtime/launcher.cjs, built by
// scripts/bundle-launcher.mjs and loaded by the `vigil` executable, vigil.cjs): every module the
// launcher loads is CPU added to the application's start (#18). It takes only what run-lean.ts
// parses and only runs with no config file: anything else (help, unknown options, a config file,
// which needs yaml and zod) resolves to undefined and goes to the full CLI (main.js).
import { hasConfigFile } from '../config/load.js';
import { guardOutput } from './redact-output.js';
import { endQuietlyOnClosedPipe } from '../util/stdio.js';
import { parseRunArguments, runLean } from './run-lean.js';

/** Run `vigil run` from the words after `run`; undefined: the full CLI must take them. */
export async function launch(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number | undefined> {
  const parsed = parseRunArguments(args);
  if (!parsed) return undefined;
  try {
    if (hasConfigFile({ cwd: process.cwd(), env, configFile: parsed.config })) return undefined;
  } catch {
    return undefined; // the full CLI reports what is wrong with the configuration
  }
  // As start.ts: nothing Vigil prints can carry a secret; a closed pipe ends quietly.
  guardOutput(env, endQuietlyOnClosedPipe);
  return runLean(args);
}
