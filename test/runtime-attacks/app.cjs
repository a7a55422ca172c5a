'use strict';
// The application under attack: a small HTTP server whose dependency `hostile` runs the attacks
// when asked (GET /attack), and which must keep serving afterwards (GET /health).
const http = require('node:http');
const attack = require('hostile');

const ports = JSON.parse(process.argv[2]);
const server = http.createServer((request, response) => {
  if (request.url === '/attack') {
    attack(ports).then((results) => response.end(JSON.stringify(results)), (error) => response.end(JSON.stringify({ crashed: String(error) })));
  } else if (request.url === '/health') response.end('alive');
  else if (request.url === '/exit') {
    // Keep-alive connections would hold the server open for seconds.
    response.end('bye', () => {
      server.close();
      server.closeAllConnections();
    });
  }
  else response.end('?');
});
server.listen(0, '127.0.0.1', () => console.log(`listening ${server.address().port}`));
