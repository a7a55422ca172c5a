// Which outer boundary enforces a policy's network destinations on this machine (#18). One
// source for what `vigil run` says when it starts (boundary line, warning) and what
// `vigil permissions check` reports, so the two never describe different boundaries.
import type { ResolvedPolicy } from './types.js';

/** The host facts the answer depends on: the platform, and the usable bwrap (or why there is none). */
export interface NetHost {
  platform: NodeJS.Platform;
  bwrap: string | null;
  /** Why there is no usable bwrap (`sandboxMissingReason`), when there is none. */
  sandboxMissing?: string;
}

/**
 * `offline`: nothing allowed (an empty network namespace, or the guard alone: see the launch).
 * `proxy`: the bubblewrap sandbox with loopback only, and the launcher's proxy (net-proxy.ts).
 * `none`: the host's network, with only Vigil's in-process guard in the way; `reason` says why.
 */
export type NetOuter = { kind: 'offline' } | { kind: 'proxy' } | { kind: 'none'; reason: string };

/** Does this policy allow only listed destinations (no listening, no `*` host)? Such a launch can run behind the proxy. Pure. */
export function onlyListedDestinations(policy: ResolvedPolicy): boolean {
  return policy.listen.length === 0 && policy.net.length > 0 && !policy.net.some((rule) => rule.host === '*');
}

/** The outer boundary for this policy's network on this host. Pure. */
export function netOuterBoundary(policy: ResolvedPolicy, host: NetHost): NetOuter {
  if (policy.net.length === 0 && policy.listen.length === 0) return { kind: 'offline' };
  if (host.platform !== 'linux') return { kind: 'none', reason: `not Linux (${host.platform}): Vigil has no network sandbox here` };
  if (policy.net.some((rule) => rule.host === '*')) return { kind: 'none', reason: 'the policy allows any host (a "*" rule), so there is no list for a proxy to enforce' };
  if (policy.listen.length > 0) return { kind: 'none', reason: 'the policy also listens (net.listen), and a server in the sandbox could not be reached from the host' };
  if (!host.bwrap) return { kind: 'none', reason: `no usable bubblewrap (${host.sandboxMissing ?? 'no bwrap on PATH'}); install bwrap to get the proxy sandbox` };
  return { kind: 'proxy' };
}

/** What the proxy sandbox enforces (the launch's boundary line, check's note). Pure. */
export function proxyBoundaryText(policy: ResolvedPolicy): string {
  return `network: ${policy.net.length} destination(s) allowed; outer boundary: the bubblewrap sandbox has no network but loopback, and its one way out is vigil's proxy (a Unix socket), which checks every connection against the same list and resolves names itself; Vigil's in-process guard sends Node's connections there (names are not looked up inside the sandbox)`;
}

/** The loud warning when destinations are allowed with no outer boundary (the launch's warning, check's warning). Pure. */
export function noOuterBoundaryWarning(policy: ResolvedPolicy, reason: string): string {
  const listen = policy.listen.length > 0 ? `, listening on ${policy.listen.length} address(es)` : '';
  return `NO OUTER NETWORK BOUNDARY: ${policy.file} allows ${policy.net.length} destination(s)${listen}, enforced only by Vigil's in-process guard; native code and non-Node children can reach ANY host (${reason})`;
}
