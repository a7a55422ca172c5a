'use strict';
// dns.lookup inside the proxy sandbox (#18): no DNS server is reachable there, so the guard asks
// the launcher over the proxy's Unix socket (`RESOLVE <name>\n`; net-resolve.ts). The launcher
// resolves only names some rule could connect to, outside the sandbox, and answers
// `ADDR <address>/<family> ...` or `ERR <code>`; the address is then a destination the proxy
// lets through at the ports allowed for that name. The answer reaches the application exactly
// as dns.lookup gives one (options `family`, `all`, `order`/`verbatim`), so a library that
// resolves first and connects to the address works unchanged.
const dns = require('node:dns');
const net = require('node:net');
const { hostName } = require('./net-match.cjs');

/** Node's error for a name that does not resolve (`getaddrinfo ENOTFOUND name`). */
function lookupError(code, hostname, why) {
  const error = new Error(`getaddrinfo ${code} ${hostname}${why ? ` (${why})` : ''}`);
  return Object.assign(error, { code, syscall: 'getaddrinfo', hostname });
}

/** The family, `all` and order dns.lookup was asked for, from any of its option shapes. */
function lookupOptions(options) {
  const given = typeof options === 'number' ? { family: options } : options && typeof options === 'object' ? options : {};
  const family = given.family === 'IPv4' ? 4 : given.family === 'IPv6' ? 6 : Number(given.family ?? 0);
  const fallback = typeof dns.getDefaultResultOrder === 'function' ? dns.getDefaultResultOrder() : 'verbatim';
  const order = given.order ?? (given.verbatim === true ? 'verbatim' : given.verbatim === false ? 'ipv4first' : fallback);
  return { family, all: given.all === true, order };
}

/** The launcher's addresses as dns.lookup would give them for these options. Pure. */
function arrange(addresses, { family, order }) {
  const wanted = family === 4 || family === 6 ? addresses.filter((entry) => entry.family === family) : addresses.slice();
  if (order === 'ipv4first') wanted.sort((a, b) => a.family - b.family);
  else if (order === 'ipv6first') wanted.sort((a, b) => b.family - a.family);
  return wanted;
}

/** `ADDR a/4 b/6` into [{ address, family }], or null. Pure. */
function parseAddresses(line) {
  const match = /^ADDR ((?:[0-9a-fA-F:.]+\/[46] ?)+)$/.exec(line);
  if (!match) return null;
  return match[1].trim().split(' ').map((word) => {
    const [address, family] = word.split('/');
    return { address, family: Number(family) };
  });
}

/** Why the launcher gave no answer line: the code a failed lookup / query reports, and the words. */
const NO_ANSWER = {
  refused: { lookup: 'ENOTFOUND', query: 'EREFUSED', why: "vigil's launcher refused the name" },
  unreachable: { lookup: 'EAI_FAIL', query: 'ECONNREFUSED', why: "vigil's launcher could not be asked" },
  garbled: { lookup: 'EAI_FAIL', query: 'EBADRESP', why: "vigil's launcher gave no answer" },
};

/**
 * Send one line to the launcher's socket and hand its one-line answer to `done(line)`, or
 * `done(null, NO_ANSWER.<reason>)` when it closed without one (a name it refuses), could not be
 * reached, or sent no line. `connect` is net.Socket#connect before the guard wrapped it.
 */
function askLauncher(socketPath, connect, line, done) {
  const socket = new net.Socket();
  let answer = '';
  let finished = false;
  const finish = (text, why) => {
    if (finished) return;
    finished = true;
    socket.destroy();
    done(text, why);
  };
  socket.setEncoding('utf8');
  socket.on('data', (chunk) => {
    answer += chunk;
    const end = answer.indexOf('\n');
    if (end >= 0) finish(answer.slice(0, end));
    else if (answer.length > 1 << 20) finish(null, NO_ANSWER.garbled);
  });
  socket.on('error', () => finish(null, NO_ANSWER.unreachable));
  socket.on('close', () => finish(null, NO_ANSWER.refused));
  connect.call(socket, { path: socketPath });
  socket.write(`${line}\n`);
}

/** A dns.lookup that asks the launcher; `book` notes which name each answered address came from (address-book.cjs). */
function launcherLookup(socketPath, connect, book) {
  return function lookupThroughLauncher(hostname, options, callback) {
    const name = hostName(hostname);
    const wanted = lookupOptions(options);
    askLauncher(socketPath, connect, `RESOLVE ${name}`, (line, missing) => {
      if (line === null) return callback(lookupError(missing.lookup, hostname, missing.why));
      const addresses = parseAddresses(line);
      if (!addresses) return callback(lookupError(/^ERR ([A-Z0-9_]+)$/.exec(line)?.[1] ?? 'EAI_FAIL', hostname, 'resolved by vigil outside the network sandbox'));
      const list = arrange(addresses, wanted);
      if (list.length === 0) return callback(lookupError('ENOTFOUND', hostname, `no IPv${wanted.family} address`));
      book.remember(name, list);
      if (wanted.all) callback(null, list);
      else callback(null, list[0].address, list[0].family);
    });
  };
}

/** The native channel's query methods the launcher answers, by the record type it asks for. */
const QUERY_METHODS = { queryA: 'A', queryAaaa: 'AAAA', queryCname: 'CNAME', queryMx: 'MX', querySrv: 'SRV', queryTxt: 'TXT' };

/**
 * A native channel query (`queryA`, `querySrv`, ...: what every dns.Resolver method, callback or
 * promise, calls) answered by the launcher, which asks the system's DNS servers outside. The
 * answer goes where c-ares's would: the request's `oncomplete(error, records, ttls)`, which Node
 * set before the call and which shapes the result (TTLs, promise or callback). Returns false for a
 * type the launcher does not answer.
 */
function launcherQuery(socketPath, connect, book) {
  return function queryThroughLauncher(method, request, hostname) {
    const type = QUERY_METHODS[method];
    if (!type || typeof request.oncomplete !== 'function') return false;
    const name = hostName(hostname);
    askLauncher(socketPath, connect, `QUERY ${type} ${name}`, (line, missing) => {
      const json = line?.startsWith('JSON ') ? safeParse(line.slice(5)) : null;
      if (!Array.isArray(json)) return request.oncomplete(line === null ? missing.query : (/^ERR ([A-Z0-9_]+)$/.exec(line)?.[1] ?? 'EBADRESP'));
      if (type !== 'A' && type !== 'AAAA') return request.oncomplete(0, json);
      book.remember(name, json);
      request.oncomplete(0, json.map((entry) => entry.address), json.map((entry) => entry.ttl));
    });
    return true;
  };
}

function safeParse(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** The same, as dns.promises.lookup answers: `{ address, family }`, or the list with `all`. */
function promiseLookup(lookup) {
  return (hostname, options) =>
    new Promise((resolve, reject) => {
      lookup(hostname, options, (error, address, family) => {
        if (error) reject(error);
        else resolve(Array.isArray(address) ? address : { address, family });
      });
    });
}

module.exports = { launcherLookup, launcherQuery, promiseLookup, arrange, lookupOptions, parseAddresses };
