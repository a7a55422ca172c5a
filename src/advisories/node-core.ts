import type { PackageKey } from './types.js';

/**
 * The Node.js runtime as the store keys it. OSV has no ecosystem for Node.js itself, so
 * security-wg `vuln/core` entries are filed under this key; review asks for it when the checkout
 * is Node.js core (inventory's `node` field).
 */
export const NODE_CORE_PACKAGE: PackageKey = { ecosystem: 'Node.js', name: 'node' };

/**
 * A statement that vulnerabilities do not affect a product (security-wg `vuln/deps`), in OpenVEX
 * terms: triage imports these as `not_affected` entries with their justification.
 */
export interface Assessment {
  /** NSWG-DEP-<n>. */
  id: string;
  /** The CVE ids it covers. */
  vulnerabilities: string[];
  product: PackageKey;
  status: 'not_affected';
  /** OpenVEX justification, e.g. `vulnerable_code_not_in_execute_path`. */
  justification: string;
  /** Why, in the WG's words (OpenVEX impact_statement). */
  statement: string;
  ref?: string;
}
