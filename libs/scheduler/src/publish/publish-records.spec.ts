import { Logger } from '@nestjs/common';
import type { AlertsService } from '@app/alerts';
import { FixedClock } from '@app/core';
import type { PostTarget, PublishedTarget, TargetStore } from '@app/posts';
import type { AccountGateway } from './account-gateway';
import { PublishRecords } from './publish-records';

function item(n: number, network: string, practiceId: string): PublishedTarget {
  return {
    target: {
      id: `t${n}`,
      postId: `p${n}`,
      practiceId,
      accountId: `a${n}`,
      network,
      lastErrorKind: null,
    } as unknown as PostTarget,
    published: { externalId: `x${n}`, url: `https://example.test/${n}` },
    recovered: n % 2 === 0,
    workerId: 'w1',
  };
}

describe('PublishRecords', () => {
  let log: jest.SpyInstance;
  let recordPublished: jest.Mock;
  let records: PublishRecords;

  beforeEach(() => {
    log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    // The store records every item but t3, whose claim was taken over.
    recordPublished = jest.fn((batch: PublishedTarget[]) => Promise.resolve(batch.filter((i) => i.target.id !== 't3')));
    records = new PublishRecords(
      { recordPublished } as unknown as TargetStore,
      { recordPublishSuccess: () => Promise.resolve() } as unknown as AccountGateway,
      { resolve: () => Promise.resolve() } as unknown as AlertsService,
      new FixedClock(new Date('2026-12-07T09:00:00Z')),
    );
  });
  afterEach(() => log.mockRestore());

  it('logs one line per recorded batch, naming a few targets and counting by network', async () => {
    const answers = await Promise.all(
      [item(1, 'facebook', 'pr1'), item(2, 'x', 'pr1'), item(3, 'x', 'pr2')].map((i) => records.submit(i)),
    );
    expect(answers).toEqual([true, true, false]);
    const lines = log.mock.calls.filter(([, message]) => String(message).startsWith('Recorded'));
    expect(lines).toEqual([
      [
        {
          networks: { facebook: 1, x: 1 },
          practices: 1,
          recovered: 1,
          targets: [
            { targetId: 't1', postId: 'p1', externalId: 'x1' },
            { targetId: 't2', postId: 'p2', externalId: 'x2' },
          ],
        },
        'Recorded 2 publishes',
      ],
    ]);
  });

  it('counts a burst rather than naming every target', async () => {
    await Promise.all(
      Array.from({ length: 60 }, (_, n) => item(n + 10, n % 3 ? 'linkedin' : 'facebook', `pr${n % 4}`)).map((i) =>
        records.submit(i),
      ),
    );
    const [[summary, message]] = log.mock.calls.filter(([, m]) => String(m).startsWith('Recorded')) as Array<
      [Record<string, unknown>, string]
    >;
    expect(message).toBe('Recorded 60 publishes');
    expect(summary).toEqual({ networks: { facebook: 20, linkedin: 40 }, practices: 4, recovered: 30 });
  });
});
