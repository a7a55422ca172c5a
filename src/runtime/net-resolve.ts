// Name resolution for the proxy sandbox (#18). Inside the sandbox no DNS server is reachable, so
// libraries that look a name up first (dns.lookup) and then connect to the address (a DNS cache,
// database drivers, happy-eyeballs code of their own) failed there. The guard now asks the
// launcher instead, over the proxy's Unix socket (`RESOLVE <name>\n`): the launcher resolves only
// names some rule of the policy could connect to, with the system's resolver outside the sandbox,
// answers the addresses, and remembers which name each address came from. The proxy then lets a
// connection to that address through only at a port the policy allows for that name, as if the
// application had connected by name; an address nobody resolved stays refused. Record queries
// (`QUERY <type> <name>\n`: A, AAAA, CNAME, MX, SRV, TXT, what dns.Resolver's methods send) are
// answered the same way, from the system's DNS servers, as `JSON <records>`.
import { lookup, promises as dnsPromises } from 'node:dns';
import type net from 'node:net';
import type { AddressBook } from './preload/address-book.cjs';
import { hostName, nameAllowed } from './preload/net-match.cjs';
import type { NetRule } from './types.js';

/** One address a name resolved to (as dns.lookup gives it with `all: true`). */
export interface ResolvedAddress {
  address: string;
  family: number;
}

/** How the launcher resolves a name: the system's resolver (getaddrinfo, /etc/hosts included) unless a test gives its own. */
export type Resolve = (name: string) => Promise<ResolvedAddress[]>;

export const systemResolve: Resolve = (name) =>
  new Promise((resolve, reject) => {
    lookup(name, { all: true }, (error, addresses) => (error ? reject(error) : resolve(addresses)));
  });

/** The longest name the launcher resolves (DNS's own limit). */
const MAX_NAME = 253;

/** The name in a `RESOLVE <name>` line, or null when the line is not one (or the name is not a host name). Pure. */
export function parseResolve(line: string): string | null {
  const match = /^RESOLVE ([A-Za-z0-9._-]+)$/.exec(line.trim());
  const name = match?.[1] === undefined ? undefined : hostName(match[1]);
  return name && name.length <= MAX_NAME ? name : null;
}

/** The answer line: `ADDR <address>/<family> ...`, or `ERR <code>`. Pure. */
export function resolveAnswer(result: ResolvedAddress[] | { code: string }): string {
  if (!Array.isArray(result)) return `ERR ${/^[A-Z0-9_]+$/.test(result.code) ? result.code : 'ENOTFOUND'}\n`;
  if (result.length === 0) return 'ERR ENOTFOUND\n';
  return `ADDR ${result.map(({ address, family }) => `${address}/${family}`).join(' ')}\n`;
}

/**
 * Answer one `RESOLVE` connection: a name no rule could connect to is closed without a byte (as
 * an unlisted destination is); a listed one is resolved outside, remembered, and answered.
 */
export function answerResolve(client: net.Socket, name: string, rules: readonly NetRule[], book: AddressBook, resolve: Resolve): void {
  answerListed(client, name, rules, async () => {
    const addresses = await resolve(name);
    book.remember(name, addresses);
    return resolveAnswer(addresses);
  });
}

/** A name no rule could connect to is closed without a byte; for a listed one, `answer`'s line, or `ERR <code>` when it fails. */
function answerListed(client: net.Socket, name: string, rules: readonly NetRule[], answer: () => Promise<string>): void {
  if (!nameAllowed(rules, name)) {
    client.destroy();
    return;
  }
  answer().then(
    (line) => client.end(line),
    (error: NodeJS.ErrnoException) => client.end(resolveAnswer({ code: error.code ?? 'ENOTFOUND' })),
  );
}

/** The record types a guard may ask the launcher for (`QUERY <type> <name>`), each as dns.Resolver names its method. */
const QUERY_TYPES = { A: 'resolve4', AAAA: 'resolve6', CNAME: 'resolveCname', MX: 'resolveMx', SRV: 'resolveSrv', TXT: 'resolveTxt' } as const;
export type QueryType = keyof typeof QUERY_TYPES;

/** How the launcher answers a record query: the system's DNS servers, or those a test gives. */
export type Query = (type: QueryType, name: string) => Promise<unknown[]>;

/** A Query on a dns.promises.Resolver (A and AAAA with their TTLs, as `{ ttl: true }` gives them). */
export function resolverQuery(servers?: string[]): Query {
  const resolver = new dnsPromises.Resolver();
  if (servers) resolver.setServers(servers);
  return (type, name) => {
    if (type === 'A') return resolver.resolve4(name, { ttl: true });
    if (type === 'AAAA') return resolver.resolve6(name, { ttl: true });
    return (resolver[QUERY_TYPES[type]] as (name: string) => Promise<unknown[]>).call(resolver, name);
  };
}

/** The type and name in a `QUERY <type> <name>` line, or null. Pure. */
export function parseQuery(line: string): { type: QueryType; name: string } | null {
  const match = /^QUERY ([A-Z]+) ([A-Za-z0-9._-]+)$/.exec(line.trim());
  const type = match?.[1];
  const name = match?.[2] === undefined ? undefined : hostName(match[2]);
  if (!type || !name || !Object.hasOwn(QUERY_TYPES, type) || name.length > MAX_NAME) return null;
  return { type: type as QueryType, name };
}

/**
 * Answer one `QUERY` connection as `answerResolve` does: an unlisted name is closed without a
 * byte (nothing is asked of any server); a listed one is asked of the system's DNS servers
 * outside, answered as `JSON <records>` or `ERR <code>`, and its A/AAAA addresses remembered.
 */
export function answerQuery(client: net.Socket, type: QueryType, name: string, rules: readonly NetRule[], book: AddressBook, query: Query): void {
  answerListed(client, name, rules, async () => {
    const records = await query(type, name);
    if (type === 'A' || type === 'AAAA') book.remember(name, records as { address: string }[]);
    return `JSON ${JSON.stringify(records)}\n`;
  });
}
