/** Packages the CLI bundle loads from node_modules at run time instead of holding them. */
export const EXTERNAL: string[];
/** Build the CLI bundles (ES chunks, main.mjs, and one CommonJS file, main.cjs) in `outdir` (default dist/cli/bundle), its `import.meta.url`s pointing at the twins of its modules under `dist` (default dist/); resolves to the files it holds. */
export function bundleCli(outdir?: string, dist?: string): Promise<string[]>;
/** The start of main.cjs's first line, followed by the SHA-256 of the rest (the key of its code cache). */
export const COMMONJS_HEADER: string;
