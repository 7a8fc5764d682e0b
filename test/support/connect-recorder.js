// Preloaded into a process under test (node -r): appends "host:port" (or the socket path) of every outgoing TCP or
// IPC connection the process starts to the file in CONNECT_LOG, so a test can prove what it connected to (and what
// not). Every client in Node (http, https, tls, ioredis, pg) goes through net.Socket.prototype.connect.
const net = require('node:net');
const { appendFileSync } = require('node:fs');

const file = process.env.CONNECT_LOG;
if (file) {
  const connect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function recordedConnect(...args) {
    const first = Array.isArray(args[0]) ? args[0][0] : args[0];
    let target;
    if (first && typeof first === 'object') target = first.path ?? `${first.host ?? 'localhost'}:${first.port}`;
    else if (typeof first === 'number' || /^\d+$/.test(String(first))) target = `${args[1] ?? 'localhost'}:${first}`;
    else target = String(first);
    appendFileSync(file, `${target}\n`);
    return connect.apply(this, args);
  };
}
