// One jest config: unit specs next to the code, the medium tier (services on real databases), e2e over HTTP, browser.
const { pathsToModuleNameMapper } = require('./test/support/paths');

const transform = {
  '^.+\\.ts$': ['@swc/jest', {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  }],
};
// Tests run in UTC, whatever the machine's zone (zone math is Luxon's, with explicit zones); the zoned projects
// below run in other zones. The environment sets the worker's real TZ: a setup file could not (jest's process.env).
const common = {
  rootDir: __dirname,
  transform,
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: pathsToModuleNameMapper(),
  testEnvironment: '<rootDir>/test/support/zoned-environment.js',
  testEnvironmentOptions: { timezone: 'UTC' },
};

const e2e = { testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'], globalSetup: '<rootDir>/test/support/global-setup.js' };
// The suites whose results depend on time zones run again with the process in New York and in Kolkata (a zone
// with a half-hour offset), on both databases: the same publish instants and calendar days whatever the zone.
const zoned = (name, timezone, database) => ({
  ...common,
  ...e2e,
  displayName: `e2e-${database}-tz-${name}`,
  testMatch: ['<rootDir>/test/e2e/scheduler.e2e-spec.ts', '<rootDir>/test/e2e/calendar.e2e-spec.ts'],
  setupFiles: [`<rootDir>/test/support/env-${database}.js`],
  testEnvironmentOptions: { timezone },
});
const medium = { testMatch: ['<rootDir>/test/medium/**/*.medium-spec.ts'], globalSetup: '<rootDir>/test/support/global-setup.js' };

module.exports = {
  // A global option in jest 30 (per-project values are ignored): e2e hooks start whole apps.
  testTimeout: 30_000,
  // Every suite closes its apps, queues and servers; ioredis/Bull can keep a reconnect timer alive for a
  // moment after close, and a CI run must never hang on it.
  forceExit: true,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,scripts}/**/*.spec.ts', '<rootDir>/test/unit/**/*.spec.ts'] },
    // The same e2e suite runs twice: on PostgreSQL and on the embedded SQLite.
    { ...common, ...e2e, displayName: 'e2e-postgres', setupFiles: ['<rootDir>/test/support/env-postgres.js'] },
    { ...common, ...e2e, displayName: 'e2e-sqlite', setupFiles: ['<rootDir>/test/support/env-sqlite.js'] },
    zoned('new-york', 'America/New_York', 'postgres'),
    zoned('new-york', 'America/New_York', 'sqlite'),
    zoned('kolkata', 'Asia/Kolkata', 'postgres'),
    zoned('kolkata', 'Asia/Kolkata', 'sqlite'),
    // The medium tier: lib services against real PostgreSQL and SQLite, without HTTP (test/medium).
    { ...common, ...medium, displayName: 'medium-postgres', setupFiles: ['<rootDir>/test/support/env-postgres.js'] },
    { ...common, ...medium, displayName: 'medium-sqlite', setupFiles: ['<rootDir>/test/support/env-sqlite.js'] },
    // Real Chromium (Debian's /usr/bin/chromium) against the app on the embedded SQLite with network fakes.
    { ...common, ...e2e, displayName: 'browser', testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'], setupFiles: ['<rootDir>/test/support/env-sqlite.js'], testTimeout: 90_000 },
  ],
};
