// ESM load hook for Node versions without synchronous module hooks (module.register, 20.6+).
// It runs on the hooks thread, so it loads its own copy of the verifier.
import { fileURLToPath } from 'node:url';
import verification from './integrity-check.cjs';

const { checkRequested, integrityError, loadVerifier, requestedPath } = verification;

let config;
let check;

export function initialize(data) {
  config = data;
}

/** Loaded on the first ES module: an application that only uses CommonJS never pays for it here. */
function verifier() {
  check ??= loadVerifier(config);
  return check;
}

export async function resolve(specifier, context, nextResolve) {
  const result = await nextResolve(specifier, context);
  if (result.url.startsWith('file:')) {
    const real = fileURLToPath(result.url);
    const requested = requestedPath(specifier, context.parentURL, real);
    if (requested) checkRequested(verifier().listed, requested, real, config.manifest);
  }
  return result;
}

export async function load(url, context, nextLoad) {
  const result = await nextLoad(url, context);
  if (url.startsWith('node:')) return result;
  if (!url.startsWith('file:')) throw integrityError(`refusing to load ${url}: only files listed in the manifest may load`);
  // CommonJS reaches us without source on Node 20; the CommonJS wrapper checks it in _compile.
  if (result.source === null || result.source === undefined) return result;
  verifier()(fileURLToPath(url), typeof result.source === 'string' ? result.source : Buffer.from(result.source));
  return result;
}
