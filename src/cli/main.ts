#!/usr/bin/env node
// The `vigil` executable: everything else lives in program.ts so tests can call main() in-process.
import nodeModule from 'node:module';
// start.ts holds only lazy imports: evaluating it before the compile cache is on compiles nothing else.
import { start } from './start.js';

// Node 22.1+ keeps the compiled code of Vigil's modules on disk: every later start skips
// compiling them (#18: `vigil run` must add little to an application's start). The cache must
// not reach the application `vigil run` starts, so the variable Node sets for it is removed again.
const hadCompileCache = process.env.NODE_COMPILE_CACHE !== undefined;
(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
if (!hadCompileCache) delete process.env.NODE_COMPILE_CACHE;

await start();
