// Fails the e2e run early, with the fix, when PostgreSQL or Redis is not reachable.
const net = require('node:net');

function reachable(host, port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 2000 }, () => {
      socket.end();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
    socket.on('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

module.exports = async () => {
  process.env.TZ = 'UTC';
  const pg = new URL(process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test');
  const redis = new URL(process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379');
  if (!(await reachable(pg.hostname, Number(pg.port || 5432)))) {
    throw new Error(
      `PostgreSQL is not reachable at ${pg.host}: start it (pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start) or set TEST_DATABASE_URL`,
    );
  }
  if (!(await reachable(redis.hostname, Number(redis.port || 6379)))) {
    throw new Error(
      `Redis is not reachable at ${redis.host}: start it (redis-server --daemonize yes --port 6379 --save "") or set TEST_REDIS_URL`,
    );
  }
};
