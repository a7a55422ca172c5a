// The two pieces of oxc-parser 0.160 (its package.json `exports` lists both subpaths) that
// parse.ts uses on worker threads, declared here because the package ships no types for them.
// The native result's getters each hand one field to JavaScript; the AST arrives as a JSON string
// only when `program` is read (parse.ts reads it only for files that need the AST).
declare module 'oxc-parser/src-js/bindings' {
  import type { Comment, EcmaScriptModule, OxcError, ParserOptions } from 'oxc-parser';

  export interface NativeParseResult {
    readonly program: string;
    readonly module: EcmaScriptModule;
    readonly comments: Comment[];
    readonly errors: OxcError[];
  }
  export function parseSync(filename: string, sourceText: string, options?: ParserOptions | null): NativeParseResult;
}

declare module 'oxc-parser/src-js/wrap.js' {
  import type { Program } from 'oxc-parser';

  /** `JSON.parse` of the native AST string, with BigInt and RegExp literal values restored. */
  export function jsonParseAst(programJson: string): Program;
}
