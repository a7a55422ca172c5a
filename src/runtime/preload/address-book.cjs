'use strict';
// Which names each address was resolved from, in the proxy sandbox (#18): the launcher keeps one
// (net-resolve.ts, the boundary) and the guard one (guard-resolve.cjs, so it does not refuse
// early what the proxy will let through). An address is reachable at a port when a rule allows
// one of its names at that port, as if the application had connected by that name. Entries are
// never dropped: getaddrinfo gives no TTL, and the proxy would connect that name to the same
// address anyway. Plain JS: shared by the launcher and the preload.
const { netAllowed } = require('./net-match.cjs');

function createAddressBook() {
  const names = new Map();
  return {
    /** Note that `name` resolved to these addresses ({ address } objects, as dns.lookup's `all` gives). */
    remember(name, addresses) {
      for (const { address } of addresses) {
        const key = String(address).toLowerCase();
        const known = names.get(key) ?? new Set();
        known.add(String(name).toLowerCase());
        names.set(key, known);
      }
    },
    /** Does a rule allow a name this address was resolved from, at this port? */
    allows(rules, address, port) {
      const known = names.get(String(address).toLowerCase().replace(/^\[|\]$/g, ''));
      return known !== undefined && [...known].some((name) => netAllowed(rules, name, port));
    },
  };
}

module.exports = { createAddressBook };
