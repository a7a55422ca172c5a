// Types for the two oxc-parser modules parse.ts imports beside its main entry (the package
// exports them but ships no declarations for them): the native binding's parseSync, whose result
// holds the AST as a JSON string behind a getter, and the wrapper's JSON-to-AST step.
declare module 'oxc-parser/src-js/bindings' {
  import type { Comment, EcmaScriptModule, OxcError, ParserOptions } from 'oxc-parser';
  export function parseSync(filename: string, sourceText: string, options?: ParserOptions | null): { readonly program: string; readonly module: EcmaScriptModule; readonly comments: Comment[]; readonly errors: OxcError[] };
}
declare module 'oxc-parser/src-js/wrap' {
  export function jsonParseAst(programJson: string): unknown;
}
