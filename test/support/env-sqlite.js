// e2e on the embedded SQLite: each app gets its own file (see test/support/test-app.ts).
delete process.env.DATABASE_URL;
