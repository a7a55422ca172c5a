// Which outer boundary enforces a policy's network on this machine (#18). One source for what
// `vigil run` says when it starts (boundary line, refusal, warning) and what
// `vigil permissions check` reports, so the two never describe different boundaries.
import { inboundListens, type InboundListen } from './net-inbound.js';
import type { ResolvedPolicy } from './types.js';

/** The one flag with which `vigil run` starts a launch that has no outer network boundary (the in-process guard alone). */
export const ACCEPT_GUARD_FLAG = '--accept-in-process-guard';

/** The host facts the answer depends on: the platform, the usable bwrap (or why there is none), and whether `unshare` gives an empty network namespace. */
export interface NetHost {
  platform: NodeJS.Platform;
  bwrap: string | null;
  /** Why there is no usable bwrap (`sandboxMissingReason`), when there is none. */
  sandboxMissing?: string;
  /** `unshare` works here (`cachedNamespaces`); missing means no. */
  namespaces?: boolean;
}

/**
 * `offline`: nothing allowed (an empty network namespace: bwrap's or unshare's).
 * `proxy`: the bubblewrap sandbox with loopback only; out through the launcher's proxy
 * (net-proxy.ts) when the policy connects anywhere, in through the launcher's listeners
 * (net-inbound.ts, `listens`) when it listens.
 * `none`: no outer boundary, only Vigil's in-process guard; `reason` says why (and `vigil run` refuses unless ACCEPT_GUARD_FLAG).
 */
export type NetOuter = { kind: 'offline' } | { kind: 'proxy'; listens: InboundListen[] } | { kind: 'none'; reason: string };

/** The sandbox's network without the host's, for this policy (whatever this machine has): the reason it cannot be, or the listens to forward. Pure. */
function sandboxable(policy: ResolvedPolicy): { listens: InboundListen[] } | { reason: string } {
  if (policy.net.some((rule) => rule.host === '*')) return { reason: 'the policy allows any host (a "*" rule), so there is no list for a proxy to enforce' };
  return inboundListens(policy.listen);
}

/** Does this policy allow only listed destinations (no listening, no `*` host)? Pure. */
export function onlyListedDestinations(policy: ResolvedPolicy): boolean {
  return policy.listen.length === 0 && policy.net.length > 0 && !policy.net.some((rule) => rule.host === '*');
}

/** Does this policy's network go through the loopback-only sandbox when this machine has bubblewrap (listed destinations, fixed loopback or every-interface listens)? Pure. */
export function sandboxedNetwork(policy: ResolvedPolicy): boolean {
  return (policy.net.length > 0 || policy.listen.length > 0) && 'listens' in sandboxable(policy);
}

/** The outer boundary for this policy's network on this host. Pure. */
export function netOuterBoundary(policy: ResolvedPolicy, host: NetHost): NetOuter {
  const offline = policy.net.length === 0 && policy.listen.length === 0;
  if (host.platform !== 'linux') return { kind: 'none', reason: `not Linux (${host.platform}): Vigil has no network sandbox here` };
  if (offline) {
    if (host.bwrap || host.namespaces) return { kind: 'offline' };
    return { kind: 'none', reason: `no empty network namespace on this machine (no usable unshare, and ${host.sandboxMissing ?? 'no bwrap on PATH'})` };
  }
  const plan = sandboxable(policy);
  if ('reason' in plan) return { kind: 'none', reason: plan.reason };
  if (!host.bwrap) return { kind: 'none', reason: `no usable bubblewrap (${host.sandboxMissing ?? 'no bwrap on PATH'}); install bwrap to get the proxy sandbox` };
  return { kind: 'proxy', listens: plan.listens };
}

/** What the proxy sandbox enforces (the launch's boundary line, check's note). Pure. */
export function proxyBoundaryText(policy: ResolvedPolicy, listens: readonly InboundListen[] = []): string {
  const out =
    policy.net.length > 0
      ? `${policy.net.length} destination(s) allowed; outer boundary: the bubblewrap sandbox has no network but loopback, and its one way out is vigil's proxy (a Unix socket), which checks every connection against the same list and resolves names itself; Vigil's in-process guard sends Node's connections there (names are not looked up inside the sandbox)`
      : "no destination allowed; outer boundary: the bubblewrap sandbox has no network but loopback, and no way out";
  const into =
    listens.length > 0
      ? `; listening: vigil binds ${listens.map((listen) => listen.rule).join(', ')} on this machine and hands each connection into the sandbox through a Unix socket that the sandbox can only dial (the application listens on the same port on the sandbox's loopback)`
      : '';
  return `network: ${out}${into}`;
}

/** The loud warning when the policy's network has no outer boundary (the launch's warning, the start of check's). Pure. */
export function noOuterBoundaryWarning(policy: ResolvedPolicy, reason: string): string {
  const listen = policy.listen.length > 0 ? `, listening on ${policy.listen.length} address(es)` : '';
  const allows = policy.net.length === 0 && policy.listen.length === 0 ? 'allows no network' : `allows ${policy.net.length} destination(s)${listen}`;
  return `NO OUTER NETWORK BOUNDARY: ${policy.file} ${allows}, enforced only by Vigil's in-process guard; native code and non-Node children can reach ANY host (${reason})`;
}

/** Why `vigil run` does not start such a launch, and the flag that accepts the guard alone. Pure. */
export function refusalText(policy: ResolvedPolicy, reason: string): string {
  return `refusing to start: ${noOuterBoundaryWarning(policy, reason)}. To run with the in-process guard alone, give ${ACCEPT_GUARD_FLAG}`;
}

/** check's warning: the launch's own words, and what `vigil run` will do with them. Pure. */
export function checkBoundaryWarning(policy: ResolvedPolicy, reason: string): string {
  return `${noOuterBoundaryWarning(policy, reason)}; vigil run refuses to start it here unless given ${ACCEPT_GUARD_FLAG}`;
}
