'use strict';
// Network destination rules, shared by the launcher (TypeScript imports this file) and the
// in-process guard preload, so both sides agree on what a rule means. Plain JS: preloads run
// without a compiler.

/** Parse `host`, `host:port`, `host:*`, `[v6]:port`, `*.suffix:port` or `*` into { host, port }. */
function parseNetRule(text) {
  const trimmed = String(text).trim().toLowerCase();
  let host;
  let port = null;
  const bracket = /^\[(?<host>[^\]]+)\](?::(?<port>\*|\d+))?$/.exec(trimmed);
  if (bracket?.groups) {
    host = bracket.groups.host;
    if (bracket.groups.port && bracket.groups.port !== '*') port = Number(bracket.groups.port);
  } else if ((trimmed.match(/:/g) ?? []).length > 1) {
    host = trimmed; // a bare IPv6 address: no port possible without brackets
  } else {
    const [name, portText] = trimmed.split(':');
    host = name ?? '';
    if (portText !== undefined && portText !== '*') {
      if (!/^\d+$/.test(portText)) throw new Error(`port must be a number or *, found ${JSON.stringify(portText)}`);
      port = Number(portText);
    }
  }
  if (port !== null && (port < 0 || port > 65535)) throw new Error(`port ${port} is out of range`);
  if (!host || !/^(\*|(\*\.)?[a-z0-9._-]+|[0-9a-f:.]+)$/.test(host)) throw new Error(`not a host pattern: ${JSON.stringify(text)}`);
  return { host, port };
}

/** Does the rule's host (`*`, a name or address, `*.suffix`) match this lower-case host? */
function hostMatches(rule, host) {
  return rule.host === '*' || rule.host === host || (rule.host.startsWith('*.') && host.endsWith(rule.host.slice(1)));
}

/** Does `host:port` match one of the rules? Host names compare case-insensitively. */
function netAllowed(rules, host, port) {
  const name = String(host).toLowerCase().replace(/^\[|\]$/g, '');
  return rules.some((rule) => (rule.port === null || rule.port === Number(port)) && hostMatches(rule, name));
}

/** A host name as rules and the launcher compare it: lower-case, without the root's trailing dot. */
function hostName(name) {
  return String(name).toLowerCase().replace(/\.$/, '');
}

/** May DNS answer for this name? Only names some rule could connect to (any port). */
function nameAllowed(rules, name) {
  const host = hostName(name);
  return rules.some((rule) => hostMatches(rule, host));
}

module.exports = { parseNetRule, netAllowed, nameAllowed, hostName };
