#!/usr/bin/env node
// The `vigil` executable: everything else lives in program.ts so tests can call main() in-process.
import { main } from './program.js';
import { guardOutput } from './redact-output.js';

// Nothing Vigil prints can carry a secret: stdout and stderr pass through the one redaction.
guardOutput(process.env);

// `vigil inventory ... | head`: the reader closed the pipe; stop quietly, as other CLI tools do.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

process.exitCode = await main(process.argv);
