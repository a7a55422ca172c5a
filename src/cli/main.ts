#!/usr/bin/env node
// The `vigil` executable: everything else lives in program.ts so tests can call main() in-process.
import { main } from './program.js';

process.exitCode = await main(process.argv);
