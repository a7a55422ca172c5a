#!/usr/bin/env node
// The `vigil` executable: everything else lives in program.ts so tests can call main() in-process.
import nodeModule from 'node:module';

// Node 22.1+ keeps the compiled code of Vigil's modules on disk: every later start skips
// compiling them (#18: `vigil run` must add little to an application's start). The cache must
// not reach the application `vigil run` starts, so the variable Node sets for it is removed again.
const hadCompileCache = process.env.NODE_COMPILE_CACHE !== undefined;
(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
if (!hadCompileCache) delete process.env.NODE_COMPILE_CACHE;

const { guardOutput } = await import('./redact-output.js');
// Nothing Vigil prints can carry a secret: stdout and stderr pass through the one redaction.
guardOutput(process.env);

// `vigil inventory ... | head`: the reader closed the pipe; stop quietly, as other CLI tools do.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

// `vigil run -- cmd` starts without commander and the command registry (run-lean.ts); anything
// it does not handle goes to the full CLI.
const lean = process.argv[2] === 'run' ? await (await import('./run-lean.js')).runLean(process.argv.slice(3)) : undefined;
process.exitCode = lean ?? (await (await import('./program.js')).main(process.argv));
