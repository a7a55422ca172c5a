'use strict';
// The network part of the in-process guard: outbound connections, DNS (lookups, resolvers and
// their servers), UDP, and listening. Each check happens where the final value is known, and a
// denial reaches the application the way Node reports a refused operation of the same kind,
// never as a synchronous throw an application has no reason to expect: a socket `error` event
// for connections and listen/bind, the callback (or, without one, the socket's `error` event)
// for UDP send/connect, the callback or rejected promise for every DNS call. Each error has
// code ERR_ACCESS_DENIED, as Node's own permission model uses.
const dgram = require('node:dgram');
const dns = require('node:dns');
const net = require('node:net');
const path = require('node:path');
const { nameAllowed, netAllowed } = require('./net-match.cjs');
const { createAddressBook } = require('./address-book.cjs');
const { launcherLookup, launcherQuery, promiseLookup: promiseOf } = require('./guard-resolve.cjs');

function insideAny(file, roots) {
  const absolute = path.resolve(file);
  return roots.some((root) => absolute === root || absolute.startsWith(root.endsWith(path.sep) ? root : root + path.sep));
}

/** host/port (or a pipe path) and the options object from any of net.Socket#connect's call shapes. */
function socketDestination(args) {
  let first = args[0];
  if (Array.isArray(first)) first = first[0]; // net.connect passes normalised [options, callback]
  if (first && typeof first === 'object') {
    if (first.path) return { path: String(first.path) };
    return { host: first.host ?? 'localhost', port: Number(first.port), options: first };
  }
  if (typeof first === 'string' && !/^\d+$/.test(first)) return { path: first };
  return { host: typeof args[1] === 'string' ? args[1] : 'localhost', port: Number(first) };
}

/**
 * With an outer network boundary (`config.proxy`: the launch runs in a network namespace with
 * only loopback, net-proxy.ts), an allowed TCP destination is reached through the launcher's
 * proxy: one loopback listener per destination in this process forwards each connection to the
 * proxy's Unix socket, preceded by the `host:port` line. The application's socket connects to
 * that listener instead, so TLS (servername and certificate checks keep the name asked for),
 * http, fetch and plain sockets work unchanged, and no name is looked up inside the namespace
 * (the proxy resolves it). The listener binds synchronously (port 0, no host: inside the
 * namespace that is loopback only), so the port is known before the connect goes on.
 */
function proxyForwarder(socketPath, connect, listen, applicationSockets) {
  const ports = new Map();
  return function forwarderPort(host, port) {
    const destination = `${net.isIPv6(host) ? `[${host}]` : host}:${port}`;
    const known = ports.get(destination);
    if (known) return known;
    const server = net.createServer({ pauseOnConnect: true }, (local) => {
      const upstream = new net.Socket();
      connect.call(upstream, { path: socketPath });
      upstream.write(`${destination}\n`);
      const close = () => {
        local.destroy();
        upstream.destroy();
      };
      local.on('error', close).on('close', close);
      upstream.on('error', close).on('close', close);
      // The proxy's first line says whether the destination answered: `OK`, or `ERR <code>`.
      let status = Buffer.alloc(0);
      const onStatus = (chunk) => {
        status = Buffer.concat([status, chunk]);
        const end = status.indexOf(10);
        if (end < 0) {
          if (status.length > 64) close();
          return;
        }
        upstream.off('data', onStatus);
        const line = status.subarray(0, end).toString('latin1');
        if (line !== 'OK') {
          // The application's socket is already connected (to this listener): it gets the error
          // the destination gave, as a direct connection would have (ECONNREFUSED...).
          const code = /^ERR ([A-Z0-9_]+)$/.exec(line)?.[1] ?? 'ECONNRESET';
          const application = applicationSockets.get(local.remotePort);
          if (application) application.destroy(connectError(code, host, port));
          close();
          return;
        }
        const rest = status.subarray(end + 1);
        if (rest.length > 0) local.write(rest);
        local.pipe(upstream);
        upstream.pipe(local);
        local.resume();
      };
      upstream.on('data', onStatus);
    });
    listen.call(server, 0);
    server.unref();
    const bound = server.address().port;
    ports.set(destination, bound);
    return bound;
  };
}

/** The error Node gives a failed connect (`connect ECONNREFUSED host:port`, with errno and syscall). */
function connectError(code, address, port) {
  const errno = require('node:os').constants.errno[code];
  const error = new Error(`connect ${code} ${address}:${port} (reported by vigil's network proxy)`);
  return Object.assign(error, { errno: errno === undefined ? undefined : -errno, code, syscall: 'connect', address, port });
}

/** The same connect call, sent to 127.0.0.1:`port` instead (no name lookup, no local address: neither exists in the namespace). */
function redirected(args, target, port) {
  const options = { ...(target.options ?? {}), host: '127.0.0.1', port };
  for (const key of ['lookup', 'family', 'hints', 'localAddress', 'localPort', 'autoSelectFamily']) delete options[key];
  if (Array.isArray(args[0])) {
    args[0][0] = options;
    return args;
  }
  const callback = args.find((value) => typeof value === 'function');
  return callback ? [options, callback] : [options];
}

/**
 * In the proxy sandbox no DNS server is reachable (loopback only), so a resolver query or reverse
 * lookup of the application's own would at best fail late (a resolver waits out its timeouts;
 * dns.lookup is answered by the launcher instead, guard-resolve.cjs). It fails at once
 * instead, with the code Node gives an unresolvable name and a message that says why and what
 * works: connecting by name, which the proxy resolves outside, or dns.lookup.
 */
function noDnsInSandbox(config, syscall, name) {
  const error = new Error(
    `${syscall} ENOTFOUND ${name}: no DNS inside vigil's network sandbox (${config.policy ?? 'the launch'} allows only listed destinations, reached through vigil's proxy, which resolves their names itself): connect by name, or look the name up with dns.lookup (answered by vigil's launcher)`,
  );
  return Object.assign(error, { code: 'ENOTFOUND', syscall, hostname: name });
}

/**
 * UDP in the proxy sandbox: the proxy forwards TCP only and the namespace has no route out, so a
 * datagram to a listed destination would vanish without a word. It fails at the send (or connect)
 * instead, with the error a host without a route gives and a message that says why.
 */
function noUdpInSandbox(config, syscall, host, port) {
  const error = new Error(
    `${syscall} ENETUNREACH ${host}:${port}: UDP does not leave vigil's network sandbox (${config.policy ?? 'the launch'} allows only listed destinations, reached through vigil's proxy, which carries TCP connections only)`,
  );
  return Object.assign(error, { errno: -require('node:os').constants.errno.ENETUNREACH, code: 'ENETUNREACH', syscall, address: host, port: Number(port) });
}

function guardNetwork(config, denied) {
  const rules = config.net;
  const sandboxed = Boolean(config.proxy);
  const lookup = dns.lookup;
  // The application's sockets connected to a forwarder, by their local port: a refusal the proxy reports goes to the right one.
  const applicationSockets = new Map();
  const forwarderPort = config.proxy ? proxyForwarder(config.proxy, net.Socket.prototype.connect, net.Server.prototype.listen, applicationSockets) : null;
  // In the sandbox, listed names are looked up by the launcher (guard-resolve.cjs); the addresses it answered are destinations at their names' ports.
  const book = createAddressBook();
  const askLauncher = config.proxy ? launcherLookup(config.proxy, net.Socket.prototype.connect, book) : null;
  const queryLauncher = config.proxy ? launcherQuery(config.proxy, net.Socket.prototype.connect, book) : null;

  /** A custom `lookup` chooses the address; accept only addresses the rules allow or the system resolver gives for the name. */
  function checkedLookup(custom, host, port) {
    return function vigilLookup(hostname, options, callback) {
      const done = typeof options === 'function' ? options : callback;
      const opts = typeof options === 'function' ? {} : options;
      custom(hostname, opts, (error, address, family) => {
        if (error) return done(error);
        const list = Array.isArray(address) ? address.map((entry) => entry.address) : [address];
        if (list.every((ip) => netAllowed(rules, ip, port))) return done(null, address, family);
        lookup(host, { all: true }, (systemError, answers) => {
          const known = new Set((answers ?? []).map((entry) => entry.address));
          if (!systemError && list.every((ip) => known.has(ip))) return done(null, address, family);
          done(denied('network access to', `${list.join(',')}:${port}`, `(a custom lookup answered ${host} with an address the system resolver does not give and no rule allows)`));
        });
      });
    };
  }

  const connect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function vigilConnect(...args) {
    const target = socketDestination(args);
    const allowed = target.path ? insideAny(target.path, config.fsWrite) : netAllowed(rules, target.host, target.port) || book.allows(rules, target.host, target.port);
    if (!allowed) {
      const error = denied('network access to', target.path ?? `${target.host}:${target.port}`);
      process.nextTick(() => this.destroy(error));
      return this;
    }
    if (forwarderPort && !target.path) {
      this.once('connect', () => {
        const local = this.localPort;
        applicationSockets.set(local, this);
        this.once('close', () => applicationSockets.get(local) === this && applicationSockets.delete(local));
      });
      return connect.apply(this, redirected(args, target, forwarderPort(String(target.host), target.port)));
    }
    if (target.options && typeof target.options.lookup === 'function' && net.isIP(String(target.host)) === 0) {
      const options = { ...target.options, lookup: checkedLookup(target.options.lookup, target.host, target.port) };
      // net.connect hands over its normalised [options, callback] array, marked by a symbol that
      // a copy would lose (Node would then parse it again and throw): change it in place.
      if (Array.isArray(args[0])) args[0][0] = options;
      else args[0] = options;
    }
    return connect.apply(this, args);
  };

  /** A dns.lookup callback that notes the addresses a name resolved to before handing them on. */
  const rememberAnswer = (name, callback) =>
    function rememberedLookup(error, address) {
      if (!error && address) book.remember(name, Array.isArray(address) ? address : [{ address }]);
      return callback.apply(this, arguments);
    };

  // DNS: a query carries its name to whichever server answers, so only names the rules could reach are looked up.
  // Answered as usual: an address (or nothing), which Node answers without asking anyone, and a name the policy
  // listens on (`localhost:8080`), which listen() itself looks up (from /etc/hosts inside the sandbox).
  const asUsual = (hostname) => !hostname || net.isIP(String(hostname)) !== 0 || nameAllowed(config.listen ?? [], hostname);
  const askLauncherPromise = askLauncher ? promiseOf(askLauncher) : null;
  dns.lookup = function vigilLookup(hostname, options, callback) {
    if (asUsual(hostname)) return lookup.apply(this, arguments);
    const done = typeof options === 'function' ? options : callback;
    if (!nameAllowed(rules, hostname)) {
      const error = denied('looking up', String(hostname));
      if (typeof done === 'function') process.nextTick(done, error);
      return {};
    }
    if (askLauncher) {
      if (typeof done === 'function') askLauncher(hostname, typeof options === 'function' ? {} : options, done);
      return {};
    }
    // The answer is remembered (as the sandbox's launcher does): the application may connect to the address at the name's ports.
    const args = [...arguments];
    const at = args.findLastIndex((value) => typeof value === 'function');
    if (at > 0) args[at] = rememberAnswer(String(hostname), args[at]);
    return lookup.apply(this, args);
  };
  const promiseLookup = dns.promises.lookup;
  dns.promises.lookup = async function vigilPromiseLookup(hostname, options) {
    if (asUsual(hostname)) return promiseLookup.call(this, hostname, options);
    if (!nameAllowed(rules, hostname)) throw denied('looking up', String(hostname));
    if (askLauncherPromise) return askLauncherPromise(hostname, options);
    const answer = await promiseLookup.call(this, hostname, options);
    book.remember(String(hostname), Array.isArray(answer) ? answer : [answer]);
    return answer;
  };
  // lookupService asks the system resolver for the address's name (a reverse query leaves the machine).
  const lookupService = dns.lookupService;
  dns.lookupService = function vigilLookupService(address, port, callback) {
    if (!netAllowed(rules, String(address), Number(port))) {
      if (typeof callback === 'function') process.nextTick(callback, denied('looking up the service at', `${address}:${port}`));
      return undefined;
    }
    if (sandboxed) {
      if (typeof callback === 'function') process.nextTick(callback, noDnsInSandbox(config, 'getnameinfo', String(address)));
      return undefined;
    }
    return lookupService.apply(this, arguments);
  };
  const promiseLookupService = dns.promises.lookupService;
  dns.promises.lookupService = async function vigilPromiseLookupService(address, port) {
    if (!netAllowed(rules, String(address), Number(port))) throw denied('looking up the service at', `${address}:${port}`);
    if (sandboxed) throw noDnsInSandbox(config, 'getnameinfo', String(address));
    return promiseLookupService.call(this, address, port);
  };
  // Every Resolver (callback and promise, custom servers or not) calls the same native channel.
  const handle = new dns.Resolver()._handle;
  const channel = Object.getPrototypeOf(handle);
  // The system's DNS servers at start: only their answers are remembered, not those of a server the application chose.
  const systemServers = JSON.stringify(handle.getServers());
  for (const name of Object.getOwnPropertyNames(channel)) {
    const original = channel[name];
    if (typeof original !== 'function') continue;
    if (/^query|^getHostByAddr$/.test(name)) {
      channel[name] = function vigilQuery(request, host, ...rest) {
        const refused = !nameAllowed(rules, host) && !(net.isIP(String(host)) !== 0 && netAllowed(rules, host, 0));
        // In the sandbox the launcher answers a listed name's A, AAAA, CNAME, MX, SRV and TXT records.
        if (!refused && queryLauncher && queryLauncher(name, request, host)) return 0;
        if (refused || sandboxed) {
          // The request carries the caller's way back (a promise's reject, or the callback): the
          // denial goes there, as a failed query would, and nothing is sent.
          const error = refused ? denied('the DNS query for', String(host)) : noDnsInSandbox(config, name, String(host));
          process.nextTick(() => {
            if (typeof request.reject === 'function') request.reject(error);
            else if (typeof request.callback === 'function') request.callback(error);
          });
          return 0;
        }
        if ((name === 'queryA' || name === 'queryAaaa') && typeof request.oncomplete === 'function' && JSON.stringify(this.getServers()) === systemServers) {
          const complete = request.oncomplete;
          request.oncomplete = function rememberRecords(error, records, ...more) {
            if (!error && Array.isArray(records)) book.remember(String(host), records.map((address) => ({ address: String(address) })));
            return complete.call(this, error, records, ...more);
          };
        }
        return original.call(this, request, host, ...rest);
      };
    } else if (name === 'setServers') {
      channel[name] = function vigilServers(servers, ...rest) {
        // [[family, address, port], ...]; port 0 means 53. setServers is synchronous and Node
        // reports its own failures by throwing (ERR_DNS_SET_SERVERS_FAILED): so does the denial.
        for (const server of Array.isArray(servers) ? servers : []) {
          const [, address, port] = server;
          if (!netAllowed(rules, address, port || 53)) throw denied('using the DNS server', `${address}:${port || 53}`);
        }
        return original.call(this, servers, ...rest);
      };
    }
  }

  // UDP: arguments decided exactly as dgram's send does, so a port given as a string is seen too.
  const send = dgram.Socket.prototype.send;
  dgram.Socket.prototype.send = function vigilSend(buffer, offset, length, port, address) {
    const callbackOf = [...arguments].reverse().find((value) => typeof value === 'function');
    const explicit = address || (port && typeof port !== 'function');
    const [toPort, toAddress] = explicit ? [port, address] : [offset, length];
    if (toPort !== undefined && toPort !== null && typeof toPort !== 'function') {
      const host = typeof toAddress === 'string' && toAddress !== '' ? toAddress : 'localhost';
      const listed = netAllowed(rules, host, Number(toPort)) || book.allows(rules, host, Number(toPort));
      if (!listed || sandboxed) {
        // As a failed send: the callback gets the error, or else the socket emits it.
        const error = listed ? noUdpInSandbox(config, 'send', host, toPort) : denied('network access to', `${host}:${toPort}`);
        if (callbackOf) process.nextTick(callbackOf, error);
        else process.nextTick(() => this.emit('error', error));
        return undefined;
      }
    }
    return send.apply(this, arguments);
  };
  const dgramConnect = dgram.Socket.prototype.connect;
  dgram.Socket.prototype.connect = function vigilDatagramConnect(port, address, ...rest) {
    const host = typeof address === 'string' && address !== '' ? address : 'localhost';
    const listed = netAllowed(rules, host, Number(port)) || book.allows(rules, host, Number(port));
    if (!listed || sandboxed) {
      // As a failed connect: the callback gets the error, or else the socket emits it.
      const callback = [address, ...rest].find((value) => typeof value === 'function');
      const error = listed ? noUdpInSandbox(config, 'connect', host, port) : denied('network access to', `${host}:${port}`);
      process.nextTick(() => (callback ? callback(error) : this.emit('error', error)));
      return undefined;
    }
    return dgramConnect.call(this, port, address, ...rest);
  };
  guardListening(config, denied);
}

/** listen()/bind(): the `net.listen` rules (a host left out means every interface, `*`). */
function guardListening(config, denied) {
  const rules = config.listen ?? [];
  /** The denial for an address, or null when the rules allow it. */
  const check = (host, port) => {
    const shown = `${host ?? '*'}:${port ?? 0}`;
    const name = host === undefined || host === null || host === '' || host === '::' || host === '0.0.0.0' ? '*' : String(host);
    return netAllowed(rules, name, Number(port ?? 0)) ? null : denied('listening on', shown, '(add it to net.listen in the permissions file)');
  };
  const pipe = (file) => (insideAny(file, config.fsWrite) ? null : denied('listening on', String(file)));
  // Refused the way Node reports EADDRINUSE or EACCES: an `error` event on the server or socket.
  const refuse = (emitter, error) => {
    process.nextTick(() => emitter.emit('error', error));
    return emitter;
  };
  const listen = net.Server.prototype.listen;
  net.Server.prototype.listen = function vigilListen(...args) {
    const first = args[0];
    let error = null;
    if (first && typeof first === 'object' && !first._handle && !first.fd && first.fd !== 0) error = first.path ? pipe(first.path) : check(first.host, first.port);
    else if (typeof first === 'string' && !/^\d+$/.test(first)) error = pipe(first);
    else if (typeof first !== 'object' || first === null) error = check(typeof args[1] === 'string' ? args[1] : undefined, first);
    if (error) return refuse(this, error);
    try {
      return listen.apply(this, args);
    } catch (thrown) {
      // Node 25 without --allow-net (a policy with no network) refuses a Unix socket the guard
      // allows under fs.write by throwing from listen() itself: reported as the guard's denials
      // are, an `error` event, saying why, rather than crashing the application.
      if (thrown?.code !== 'ERR_ACCESS_DENIED' || thrown.permission !== 'Net') throw thrown;
      const why = `(node ${process.version} counts Unix sockets as network, and --allow-net is passed only when ${config.policy ?? 'the policy'} allows a destination or net.listen)`;
      return refuse(this, Object.assign(denied('listening on', String(thrown.resource || 'a socket'), why), { cause: thrown }));
    }
  };
  const bind = dgram.Socket.prototype.bind;
  dgram.Socket.prototype.bind = function vigilBind(...args) {
    const first = args[0];
    const [address, port] = first && typeof first === 'object' ? [first.address, first.port] : [typeof args[1] === 'string' ? args[1] : undefined, typeof first === 'function' ? 0 : first];
    // A system-chosen port on every interface is how a UDP client sends (dgram binds so itself before send/connect).
    const error = Number(port ?? 0) === 0 && (address === undefined || address === null) ? null : check(address, port);
    return error ? refuse(this, error) : bind.apply(this, args);
  };
}

module.exports = { guardNetwork, nameAllowed };
