// e2e on PostgreSQL: set before any entity is imported (column types depend on it).
process.env.DATABASE_URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
