// Node built-ins the run path needs only now and then, loaded on first use. In `vigil run`'s
// bundled launcher (dist/runtime/launcher.cjs) every top-level import is a require when the
// launcher starts, and each one is CPU added to every application's start (#18): node:crypto is
// only needed for a --pin or an integrity manifest.
import { createRequire } from 'node:module';
import type * as Crypto from 'node:crypto';

const load = createRequire(import.meta.url);

/** node:crypto, loaded on first use. */
export function nodeCrypto(): typeof Crypto {
  return load('node:crypto') as typeof Crypto;
}
