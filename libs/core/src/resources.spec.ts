import type { DataSource } from 'typeorm';
import { StartupError } from './errors/startup-error';
import { waitForSchema } from './resources';

describe('waitForSchema (a worker started before the API has migrated)', () => {
  const pending = (answers: boolean[]) =>
    ({ showMigrations: jest.fn(async () => answers.shift() ?? false) }) as unknown as DataSource;
  let written: string[];
  let write: jest.SpyInstance;
  beforeEach(() => {
    written = [];
    write = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
  });
  afterEach(() => write.mockRestore());

  it('says once that it is waiting, and goes on when the migrations have run', async () => {
    const db = pending([true, true, false]);
    await waitForSchema(db, 10_000);
    expect(db.showMigrations).toHaveBeenCalledTimes(3);
    expect(written).toEqual([expect.stringMatching(/not up to date yet: waiting up to 10 s .*npm run start:api/)]);
  });

  it('says nothing when the schema is current', async () => {
    await waitForSchema(pending([false]), 10_000);
    expect(written).toEqual([]);
  });

  it('gives up with a clear start-up error when the API never migrates', async () => {
    await expect(waitForSchema(pending([true, true, true]), 0)).rejects.toThrow(StartupError);
  });
});
