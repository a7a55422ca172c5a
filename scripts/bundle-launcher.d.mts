/** Build `vigil run`'s launcher bundle at `outfile` (default dist/runtime/launcher.cjs); resolves to the files it holds, relative to the repository. */
export function bundleLauncher(outfile?: string): Promise<string[]>;
