// The inbound half of the network boundary (#18): a policy that listens (`net.listen`) runs in the
// same loopback-only sandbox as one that only connects out, and stays reachable. The launcher,
// outside the sandbox, binds each listed address on the host; each connection it accepts is
// handed into the sandbox by a small forwarder (`preload/inbound-forwarder.cjs`) that the
// sandbox's init starts before the application and that connects to the application's port on
// the sandbox's own loopback.
//
// Direction is the whole point: the sandbox only ever DIALS the launcher, on a Unix socket the
// launcher created in a new mode-700 directory and shows read-only inside; the launcher never
// connects to anything inside the sandbox, never follows a path the sandbox can write, and never
// reads more of a connection than one short line. So the worst a hostile application can do with
// this path (kill the forwarder, dial the socket itself, answer the control line) is receive the
// connections that were meant for it anyway: it cannot make the launcher open a connection, a
// file or a socket on its behalf. (The other design, the application's listen rebound to a Unix
// socket the sandbox creates, needs a directory the sandbox can write and the launcher then
// connects into: an application that swaps that socket for a symlink to a host socket, e.g. a
// container daemon's, turns the launcher into its way out.)
//
// Protocol (each line ends with \n; anything else closes the connection without a byte):
//   forwarder → launcher, first line of its control connection: `VIGIL-INBOUND-CONTROL`
//   launcher → forwarder, on the control connection, per accepted client: `<id> <port> <addresses>`
//   forwarder → launcher, a new connection once the application accepted: `<id>`, then bytes
//   forwarder → launcher, on the control connection when the application refused: `CLOSE <id>`
import { mkdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { nodeCrypto } from './lazy-builtins.js';
import type { NetRule } from './types.js';

/** The first line of the forwarder's control connection. */
export const CONTROL_LINE = 'VIGIL-INBOUND-CONTROL';
/** The longest line the launcher reads from the sandbox. */
const MAX_LINE = 64;
/** Clients waiting for the sandbox to pick them up; more are refused (the sandbox is not answering). */
const MAX_PENDING = 256;
/** How long a client waits for the sandbox to pick it up. */
const PICK_UP_MS = 30_000;

/** One address the launcher binds on the host, and where the forwarder looks for the application inside. */
export interface InboundListen {
  /** What the policy says (`127.0.0.1:8080`), for messages. */
  rule: string;
  /** The host addresses to bind, in order of preference: the first that this machine has is used (`*` binds `::`, else `0.0.0.0`). */
  bind: string[];
  port: number;
  /** The addresses the application may listen on inside (loopback), tried in order. */
  inside: string[];
}

/**
 * The listen rules as addresses the launcher can bind and forward, or why not (the launch then
 * has no outer boundary). Pure. A port chosen at run time (`host:*`, port 0) cannot be bound on
 * the host in advance, and an interface address other than loopback does not exist inside the
 * sandbox (the application could not listen there).
 */
export function inboundListens(rules: readonly NetRule[]): { listens: InboundListen[] } | { reason: string } {
  const listens: InboundListen[] = [];
  for (const rule of rules) {
    const shown = `${net.isIPv6(rule.host) ? `[${rule.host}]` : rule.host}:${rule.port ?? '*'}`;
    if (rule.port === null || rule.port === 0) return { reason: `the policy listens on a port chosen at run time (net.listen ${shown}), which vigil cannot bind on the host in advance; list the port` };
    const host = rule.host;
    let bind: string[];
    let inside: string[];
    if (host === '*' || host === '::' || host === '0.0.0.0') {
      bind = host === '0.0.0.0' ? ['0.0.0.0'] : ['::', '0.0.0.0'];
      inside = ['127.0.0.1', '::1'];
    } else if (host === 'localhost') {
      bind = ['127.0.0.1'];
      inside = ['127.0.0.1', '::1'];
    } else if (host === '::1' || (net.isIPv4(host) && host.startsWith('127.'))) {
      bind = [host];
      inside = [host];
    } else {
      return { reason: `the policy listens on ${shown}, an address that does not exist inside the loopback-only sandbox; vigil forwards loopback (127.0.0.1, ::1, localhost) and every-interface (*, 0.0.0.0, ::) listens only` };
    }
    listens.push({ rule: shown, bind, port: rule.port, inside });
  }
  return { listens };
}

/** A running inbound path: the socket the forwarder dials, when every host address is bound, and how to stop it. */
export interface NetInbound {
  socket: string;
  /** Resolves once every listed address is bound on the host; rejects naming the one that could not be. */
  ready: Promise<void>;
  close(): void;
}

/** Read one line (at most MAX_LINE bytes) from a socket, then hand over the socket (paused) and what followed. */
function readLine(socket: net.Socket, done: (line: string | null, rest: Buffer) => void): void {
  let buffered = Buffer.alloc(0);
  const onData = (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    const end = buffered.indexOf(10);
    if (end < 0) {
      if (buffered.length > MAX_LINE) {
        socket.off('data', onData);
        done(null, Buffer.alloc(0));
      }
      return;
    }
    socket.off('data', onData);
    socket.pause();
    done(buffered.subarray(0, end).toString('latin1'), buffered.subarray(end + 1));
  };
  socket.on('data', onData);
}

/** Copy both ways, keeping half-closes (an HTTP client may end its side and wait for the answer). */
function splice(a: net.Socket, b: net.Socket): void {
  const close = () => {
    a.destroy();
    b.destroy();
  };
  a.on('error', close).on('close', close);
  b.on('error', close).on('close', close);
  a.pipe(b);
  b.pipe(a);
  a.resume();
  b.resume();
}

/** Bind `port` on the first of `hosts` this machine has; resolves to the server, rejects with the last error. */
function bindFirst(hosts: string[], port: number, onClient: (client: net.Socket) => void): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const attempt = (index: number, last?: Error) => {
      const host = hosts[index];
      if (host === undefined) return reject(last ?? new Error('no address to bind'));
      const server = net.createServer({ allowHalfOpen: true, pauseOnConnect: true }, onClient);
      server.once('error', (error: NodeJS.ErrnoException) => {
        server.close();
        // An address family this machine lacks (no IPv6): the next one. Anything else (in use, no permission) is the answer.
        if (error.code === 'EADDRNOTAVAIL' || error.code === 'EAFNOSUPPORT') attempt(index + 1, error);
        else reject(error);
      });
      server.listen({ host, port, exclusive: true }, () => {
        server.removeAllListeners('error');
        server.on('error', () => undefined);
        resolve(server);
      });
    };
    attempt(0);
  });
}

/**
 * Start the inbound path: `<dir>/in.sock` (dir created new, mode 700, refused if it exists, so no
 * socket can have been planted there) for the forwarder to dial, and every listed address bound on
 * the host. Clients that arrive before the application is ready wait (up to 30 s) for the sandbox.
 */
export function startInbound(dir: string, listens: readonly InboundListen[]): NetInbound {
  mkdirSync(dir, { mode: 0o700 });
  const socket = join(dir, 'in.sock');
  const pending = new Map<string, { client: net.Socket; listen: InboundListen; timer: NodeJS.Timeout }>();
  let control: net.Socket | null = null;
  const servers: net.Server[] = [];
  // Connections being copied: ended with the launch, so the launcher does not outlive the application.
  const live = new Set<net.Socket>();

  const ask = (id: string) => {
    const entry = pending.get(id);
    if (entry && control && !control.destroyed) control.write(`${id} ${entry.listen.port} ${entry.listen.inside.join(',')}\n`);
  };
  const drop = (id: string) => {
    const entry = pending.get(id);
    if (!entry) return;
    pending.delete(id);
    clearTimeout(entry.timer);
    // A reset, as a client gets from a port nobody listens on (the application refused or never answered).
    entry.client.resetAndDestroy();
  };

  const inner = net.createServer({ allowHalfOpen: true }, (dialled) => {
    dialled.on('error', () => dialled.destroy());
    readLine(dialled, (line, rest) => {
      if (line === CONTROL_LINE) {
        // The newest control connection takes the clients (a forwarder started again, or the
        // application answering for itself: either way only the application's own clients go there).
        control = dialled;
        let lines = rest.toString('latin1');
        dialled.setEncoding('latin1');
        const onLines = () => {
          let end: number;
          while ((end = lines.indexOf('\n')) >= 0) {
            const closed = /^CLOSE ([0-9a-f]{32})$/.exec(lines.slice(0, end));
            lines = lines.slice(end + 1);
            if (closed?.[1]) drop(closed[1]);
          }
          if (lines.length > MAX_LINE) dialled.destroy();
        };
        dialled.on('data', (chunk: string) => {
          lines += chunk;
          onLines();
        });
        dialled.on('close', () => {
          if (control === dialled) control = null;
        });
        dialled.resume();
        onLines();
        for (const id of pending.keys()) ask(id);
        return;
      }
      const entry = line === null ? undefined : pending.get(line);
      if (!entry || line === null) {
        dialled.destroy();
        return;
      }
      pending.delete(line);
      clearTimeout(entry.timer);
      if (rest.length > 0) entry.client.write(rest);
      for (const one of [entry.client, dialled]) {
        live.add(one);
        one.on('close', () => live.delete(one));
      }
      splice(entry.client, dialled);
    });
  });
  inner.on('error', () => inner.close());
  inner.listen(socket);
  inner.unref();

  const onClient = (listen: InboundListen) => (client: net.Socket) => {
    client.on('error', () => client.destroy());
    if (pending.size >= MAX_PENDING) {
      client.resetAndDestroy();
      return;
    }
    const id = nodeCrypto().randomBytes(16).toString('hex');
    const timer = setTimeout(() => drop(id), PICK_UP_MS);
    timer.unref();
    pending.set(id, { client, listen, timer });
    client.on('close', () => {
      const entry = pending.get(id);
      if (entry?.client === client) {
        pending.delete(id);
        clearTimeout(entry.timer);
      }
    });
    ask(id);
  };

  const ready = Promise.all(
    listens.map((listen) =>
      bindFirst(listen.bind, listen.port, onClient(listen)).then(
        (server) => {
          server.unref();
          servers.push(server);
        },
        (error: NodeJS.ErrnoException) => {
          throw new Error(`cannot listen on ${listen.bind[0]}:${listen.port} on this machine for the application (net.listen ${listen.rule}): ${error.code ?? error.message}`, { cause: error });
        },
      ),
    ),
  ).then(() => undefined);
  // A failure is reported by whoever awaits `ready`; never an unhandled rejection.
  ready.catch(() => undefined);

  return {
    socket,
    ready,
    close() {
      for (const server of servers) server.close();
      for (const id of [...pending.keys()]) drop(id);
      for (const one of live) one.destroy();
      control?.destroy();
      inner.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
