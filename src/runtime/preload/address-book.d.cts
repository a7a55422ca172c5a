import type { NetRule } from '../types.js';

export interface AddressBook {
  /** Note that `name` resolved to these addresses. */
  remember(name: string, addresses: readonly { address: string }[]): void;
  /** Does a rule allow a name this address was resolved from, at this port? */
  allows(rules: readonly NetRule[], address: string, port: number): boolean;
}
export function createAddressBook(): AddressBook;
