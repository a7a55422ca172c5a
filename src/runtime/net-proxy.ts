// The outer boundary for allow-listed network destinations (#18). The application runs in a
// network namespace with nothing but loopback (the bubblewrap sandbox without --share-net), so
// no code inside, native code and non-Node children included, can reach any host itself. The
// one way out is this proxy, run by the launcher outside the namespace on a Unix socket shown
// inside the sandbox: each connection names its destination first (`host:port\n`), the proxy
// checks it against the policy's `net` rules (the same matcher as the guard, net-match.cjs),
// resolves the name itself and connects, then answers `OK\n` (or `ERR <code>\n` when the
// destination refuses, cannot be resolved or reached) before the bytes of the connection;
// anything else is closed without a byte. The in-process
// guard sends Node's TCP connections here (guard-net.cjs); other programs can only use it by
// speaking that line.
import { mkdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { netAllowed } from './preload/net-match.cjs';
import { createAddressBook, type AddressBook } from './preload/address-book.cjs';
import { answerQuery, answerResolve, parseQuery, parseResolve, resolverQuery, systemResolve, type Query, type Resolve } from './net-resolve.js';
import type { NetRule } from './types.js';

/** The longest destination line read before the proxy gives up on a connection. */
const MAX_LINE = 512;

/** `host:port` or `[v6]:port` into its parts, or null. Pure. */
export function parseDestination(line: string): { host: string; port: number } | null {
  const match = /^(?:\[(?<v6>[0-9a-fA-F:.]+)\]|(?<host>[A-Za-z0-9._-]+)):(?<port>\d{1,5})$/.exec(line.trim());
  if (!match?.groups) return null;
  const port = Number(match.groups.port);
  if (port < 1 || port > 65535) return null;
  return { host: (match.groups.v6 ?? match.groups.host) as string, port };
}

/**
 * One connection: read the destination line, check it, connect, then copy both ways. A
 * `RESOLVE <name>` line instead asks for a listed name's addresses, `QUERY <type> <name>` for its
 * records (net-resolve.ts); an address answered so is then a destination at the ports its name
 * is allowed.
 */
function serve(client: net.Socket, rules: readonly NetRule[], book: AddressBook, resolve: Resolve, query: Query): void {
  let buffered = Buffer.alloc(0);
  client.on('error', () => client.destroy());
  const onData = (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    const end = buffered.indexOf(10);
    if (end < 0) {
      if (buffered.length > MAX_LINE) client.destroy();
      return;
    }
    client.off('data', onData);
    client.pause();
    const line = buffered.subarray(0, end).toString('latin1');
    const name = parseResolve(line);
    if (name !== null) {
      answerResolve(client, name, rules, book, resolve);
      return;
    }
    const record = parseQuery(line);
    if (record !== null) {
      answerQuery(client, record.type, record.name, rules, book, query);
      return;
    }
    const destination = parseDestination(line);
    const rest = buffered.subarray(end + 1);
    if (!destination || !(netAllowed(rules, destination.host, destination.port) || book.allows(rules, destination.host, destination.port))) {
      client.destroy();
      return;
    }
    const upstream = net.connect({ host: destination.host, port: destination.port });
    let connected = false;
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      upstream.destroy();
      // Before the connection is made, say why it failed (ECONNREFUSED, ENOTFOUND...), so the guard can raise it in the application.
      if (!connected) client.end(`ERR ${/^[A-Z0-9_]+$/.test(error.code ?? '') ? error.code : 'ECONNRESET'}\n`);
      else client.destroy();
    });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => {
      if (connected) client.destroy();
    });
    upstream.on('connect', () => {
      connected = true;
      client.write('OK\n');
      if (rest.length > 0) upstream.write(rest);
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
    });
  };
  client.on('data', onData);
}

/** A running proxy: its socket, and how to stop it (removes its private directory). */
export interface NetProxy {
  socket: string;
  close(): void;
}

/**
 * Start the proxy on `<dir>/net.sock`: `dir` is created new (mode 700; refused if it exists, so
 * nobody can have planted a socket there). Listening on a Unix socket binds synchronously, so the
 * socket exists when this returns; connections are served while the launcher's event loop runs.
 */
export function startNetProxy(dir: string, rules: readonly NetRule[], resolve: Resolve = systemResolve, query: Query = resolverQuery()): NetProxy {
  mkdirSync(dir, { mode: 0o700 });
  const socket = join(dir, 'net.sock');
  const book = createAddressBook();
  const server = net.createServer((client) => serve(client, rules, book, resolve, query));
  server.on('error', () => server.close());
  server.listen(socket);
  server.unref();
  return {
    socket,
    close() {
      server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
