// A newcomer configures the app from the README alone: every setting the app reads (AppConfig, validated at
// start-up) must appear in the README, named as it is spelled in the environment.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppConfig } from '@app/core';

describe('README configuration', () => {
  it('names every setting of AppConfig', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    const settings = Object.keys(new AppConfig());
    expect(settings.length).toBeGreaterThan(50);
    expect(settings.filter((key) => !readme.includes(`\`${key}\``))).toEqual([]);
  });
});
