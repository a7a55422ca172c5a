/** Packages the CLI bundle loads from node_modules at run time instead of holding them. */
export const EXTERNAL: string[];
/** Build the CLI bundle in `outdir` (default dist/cli/bundle), its `import.meta.url`s pointing at the twins of its modules under `dist` (default dist/); resolves to the files it holds. */
export function bundleCli(outdir?: string, dist?: string): Promise<string[]>;
