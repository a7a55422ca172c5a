// Types for the oxc-parser modules parse.ts and oxc-raw.ts import beside its main entry (the
// package exports them but ships no declarations for them): the native binding (parseSync, whose
// result holds the AST as a JSON string behind a getter; the raw-transfer parse into a shared
// buffer), the wrapper's JSON-to-AST step, and the raw-transfer buffer layout, deserialisers and
// lazy readers.
declare module 'oxc-parser/src-js/bindings' {
  import type { Comment, EcmaScriptModule, OxcError, ParserOptions } from 'oxc-parser';
  export function parseSync(filename: string, sourceText: string, options?: ParserOptions | null): { readonly program: string; readonly module: EcmaScriptModule; readonly comments: Comment[]; readonly errors: OxcError[] };
  export function parseRawSync(filename: string, buffer: Uint8Array, sourceStart: number, sourceLen: number, options?: ParserOptions | null): void;
  export function getBufferOffset(buffer: Uint8Array): number;
  export function rawTransferSupported(): boolean;
}
declare module 'oxc-parser/src-js/wrap' {
  export function jsonParseAst(programJson: string): unknown;
}
declare module 'oxc-parser/src-js/generated/constants' {
  export const BLOCK_SIZE: number;
  export const BLOCK_ALIGN: number;
  export const BUFFER_SIZE: number;
  export const ACTIVE_SIZE: number;
  export const DATA_POINTER_POS_32: number;
  export const IS_TS_FLAG_POS: number;
}
declare module 'oxc-parser/src-js/generated/deserialize/js' {
  export function deserialize(buffer: Uint8Array, sourceText: string, sourceStartPos: number, sourceByteLen: number): { program: unknown };
}
declare module 'oxc-parser/src-js/generated/deserialize/ts' {
  export function deserialize(buffer: Uint8Array, sourceText: string, sourceStartPos: number, sourceByteLen: number): { program: unknown };
}
declare module 'oxc-parser/src-js/generated/lazy/constructors' {
  import type { Comment, EcmaScriptModule, OxcError } from 'oxc-parser';
  export class RawTransferData {
    constructor(pos: number, ast: object);
    readonly program: { readonly hashbang: { start: number; end: number } | null };
    readonly comments: Iterable<Comment>;
    readonly module: EcmaScriptModule;
    readonly errors: Iterable<OxcError>;
  }
}
declare module 'oxc-parser/src-js/raw-transfer/lazy-common' {
  export const TOKEN: object;
}
