'use strict';
// The inside end of the inbound path (#18, net-inbound.ts): started by the sandbox's init before
// the application, with an empty environment and no preloads, as `node inbound-forwarder.cjs
// <socket>`. It dials the launcher's Unix socket and says it is the control connection; for each
// client the launcher accepted on the host it reads `<id> <port> <addresses>`, connects to the
// application on the sandbox's loopback (the addresses in turn), and once the application
// accepted dials the launcher again with `<id>` and copies bytes both ways; when the application
// refuses it answers `CLOSE <id>` on the control connection (the client gets a reset).
// It holds nothing the application does not have: same sandbox, same network namespace, the same
// socket shown read-only. It is not a boundary, only plumbing; the launcher trusts no byte of it.
const net = require('node:net');

const socketPath = process.argv[2];
const ID = /^([0-9a-f]{32}) (\d{1,5}) ([0-9a-fA-F:.,]+)$/;

/** Connect to the application at `port` on the first of `addresses` that accepts. */
function reachApplication(port, addresses, done) {
  const [address, ...others] = addresses;
  if (address === undefined) return done(null);
  const local = net.connect({ host: address, port, allowHalfOpen: true });
  local.once('connect', () => {
    local.removeAllListeners('error');
    local.pause();
    done(local);
  });
  local.once('error', () => {
    local.destroy();
    reachApplication(port, others, done);
  });
}

// net-inbound.ts's splice, again: Node's permission model lets this file read nothing but itself.
function splice(a, b) {
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

function serve(control, line) {
  const match = ID.exec(line);
  if (!match) return;
  const [, id, port, addresses] = match;
  reachApplication(Number(port), addresses.split(','), (local) => {
    if (!local) {
      control.write(`CLOSE ${id}\n`);
      return;
    }
    const back = net.connect({ path: socketPath, allowHalfOpen: true });
    back.once('connect', () => {
      back.write(`${id}\n`);
      splice(local, back);
    });
    back.once('error', () => {
      local.destroy();
      back.destroy();
    });
  });
}

if (!socketPath) {
  process.stderr.write('vigil inbound forwarder: no socket given\n');
  process.exit(2);
}
const control = net.connect({ path: socketPath });
control.setEncoding('latin1');
control.on('connect', () => control.write('VIGIL-INBOUND-CONTROL\n'));
let lines = '';
control.on('data', (chunk) => {
  lines += chunk;
  let end;
  while ((end = lines.indexOf('\n')) >= 0) {
    serve(control, lines.slice(0, end));
    lines = lines.slice(end + 1);
  }
});
// The launcher went away (the launch is ending): nothing left to forward.
control.on('error', () => process.exit(0));
control.on('close', () => process.exit(0));
