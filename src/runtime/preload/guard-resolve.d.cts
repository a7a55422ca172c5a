export interface LookupAddress {
  address: string;
  family: number;
}
export interface LookupWanted {
  family: number;
  all: boolean;
  order: string;
}
/** The family, `all` and order dns.lookup was asked for, from any of its option shapes. */
export function lookupOptions(options: unknown): LookupWanted;
/** The launcher's addresses as dns.lookup would give them for these options. */
export function arrange(addresses: readonly LookupAddress[], wanted: LookupWanted): LookupAddress[];
/** `ADDR a/4 b/6` into addresses, or null. */
export function parseAddresses(line: string): LookupAddress[] | null;
