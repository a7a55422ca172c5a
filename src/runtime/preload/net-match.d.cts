import type { NetRule } from '../types.js';

/** Parse `host`, `host:port`, `host:*`, `[v6]:port`, `*.suffix:port` or `*`; throws on anything else. */
export function parseNetRule(text: string): NetRule;
/** Does `host:port` match one of the rules? */
export function netAllowed(rules: readonly NetRule[], host: string, port: number | string): boolean;
/** May DNS answer for this name? Only names some rule could connect to (any port). */
export function nameAllowed(rules: readonly NetRule[], name: string): boolean;
/** A host name as rules and the launcher compare it: lower-case, without the root's trailing dot. */
export function hostName(name: string): string;
