// The CLI's start, shared by main.ts (the ES module entry: tsx, dist/cli/main.js and the ES bundle)
// and the CommonJS bundle (scripts/bundle-cli.mjs), which cannot hold main.ts's top-level await.

/** Run the command line in process.argv and set process.exitCode. */
export async function start(): Promise<void> {
  const [{ guardOutput }, { endQuietlyOnClosedPipe, standardOutput }] = await Promise.all([import('./redact-output.js'), import('../util/stdio.js')]);
  // Nothing Vigil prints can carry a secret: stdout and stderr pass through the one redaction.
  // A closed pipe ends quietly.
  guardOutput(process.env, endQuietlyOnClosedPipe);
  // Results and messages go straight to a file or pipe, without Node's streams (util/stdio.ts).
  standardOutput.writeDirectly();

  // `vigil run -- cmd` starts without commander and the command registry (run-lean.ts); anything
  // it does not handle goes to the full CLI.
  const lean = process.argv[2] === 'run' ? await (await import('./run-lean.js')).runLean(process.argv.slice(3)) : undefined;
  process.exitCode = lean ?? (await (await import('./program.js')).main(process.argv));
}
