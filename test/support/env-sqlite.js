// e2e on the embedded SQLite: each app gets its own file (see test/support/test-app.ts).
process.env.TZ = 'UTC';
delete process.env.DATABASE_URL;
