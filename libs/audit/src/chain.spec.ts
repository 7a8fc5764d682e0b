import { ChainedFields, entryHash, GENESIS_HASH } from './chain';

const entry = (over: Partial<ChainedFields> = {}): ChainedFields => ({
  practiceId: 'p1',
  seq: 1,
  at: new Date('2026-12-01T15:00:00Z'),
  actorId: 'u1',
  actorLabel: 'pat@example.test',
  action: 'post.approved',
  entityType: 'post',
  entityId: 'post-1',
  beforeHash: null,
  afterHash: 'a'.repeat(64),
  details: { version: 2, findings: [] },
  ...over,
});

describe('the audit hash chain', () => {
  it('hashes the same entry the same way, whatever the order of its details keys', () => {
    expect(entryHash(GENESIS_HASH, entry())).toBe(
      entryHash(GENESIS_HASH, entry({ details: { findings: [], version: 2 } })),
    );
    expect(entryHash(GENESIS_HASH, entry())).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ['seq', { seq: 2 }],
    ['time', { at: new Date('2026-12-01T15:00:01Z') }],
    ['actor', { actorId: 'u2' }],
    ['action', { action: 'post.rejected' }],
    ['entity', { entityId: 'post-2' }],
    ['before', { beforeHash: 'b'.repeat(64) }],
    ['after', { afterHash: null }],
    ['details', { details: { version: 3, findings: [] } }],
  ] as const)('changes when the %s changes', (_, change) => {
    expect(entryHash(GENESIS_HASH, entry(change))).not.toBe(entryHash(GENESIS_HASH, entry()));
  });

  it('links each entry to the one before it', () => {
    const first = entryHash(GENESIS_HASH, entry());
    const second = entryHash(first, entry({ seq: 2 }));
    expect(entryHash('f'.repeat(64), entry({ seq: 2 }))).not.toBe(second);
  });
});
