/** Packages the CLI bundle loads from node_modules at run time instead of holding them. */
export const EXTERNAL: string[];
/** Commands that also get a CommonJS file of their own, `<command>.cjs`, beside main.cjs. */
export const COMMAND_BUNDLES: string[];
/** Build the CLI bundles (ES chunks, main.mjs, and the CommonJS files main.cjs and `<command>.cjs` of COMMAND_BUNDLES) in `outdir` (default dist/cli/bundle), their `import.meta.url`s pointing at the twins of their modules under `dist` (default dist/); resolves to the files the ES bundle holds. */
export function bundleCli(outdir?: string, dist?: string): Promise<string[]>;
/** The start of each CommonJS file's first line, followed by the SHA-256 of the rest (the key of its code cache). */
export const COMMONJS_HEADER: string;
/** Packages the CommonJS files load from files of their own, `vendor/<name>.cjs`, at their first `require`. */
export const VENDORED: string[];
