// Jest's node environment with the process really in a time zone (testEnvironmentOptions.timezone, default UTC).
// A setup file cannot do it: process.env inside a test is jest's copy, so `process.env.TZ = 'Asia/Kolkata'` there
// leaves Date and Intl in the worker's own zone (the zoned runs once ran in UTC unnoticed). The worker's real
// process.env.TZ is set for the test file and put back after it, since a worker runs files of other projects too.
const { TestEnvironment } = require('jest-environment-node');

class ZonedEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.zone = config.projectConfig.testEnvironmentOptions?.timezone ?? 'UTC';
  }

  async setup() {
    await super.setup();
    this.previousZone = process.env.TZ;
    process.env.TZ = this.zone;
    // What the test reads as process.env.TZ says the same.
    this.global.process.env.TZ = this.zone;
  }

  async teardown() {
    if (this.previousZone === undefined) delete process.env.TZ;
    else process.env.TZ = this.previousZone;
    await super.teardown();
  }
}

module.exports = ZonedEnvironment;
