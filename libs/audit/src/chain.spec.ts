import fc from 'fast-check';
import { hashOf, sha256Hex } from '@app/core';
import { ChainedFields, entryHash, GENESIS_HASH } from './chain';

/** The chain's definition as first written: entries already stored were hashed this way and must still verify. */
function definedHash(prevHash: string, fields: ChainedFields): string {
  return sha256Hex(`${prevHash}\n${hashOf({ ...fields, at: fields.at.toISOString() })}`);
}

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

  it('hashes exactly as the chain was defined, for any entry', () => {
    const text = fc.option(fc.string(), { nil: null });
    const fields = fc.record({
      practiceId: fc.uuid(),
      seq: fc.integer({ min: 1 }),
      at: fc.date({ noInvalidDate: true, min: new Date(0), max: new Date('2999-12-31T00:00:00Z') }),
      actorId: text,
      actorLabel: fc.string(),
      action: fc.string(),
      entityType: fc.string(),
      entityId: text,
      beforeHash: text,
      afterHash: text,
      details: fc.dictionary(fc.string(), fc.jsonValue()),
    });
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 }),
        fields,
        (prev, entry) => expect(entryHash(prev, entry)).toBe(definedHash(prev, entry)),
      ),
      { numRuns: 500 },
    );
  });

  it('links each entry to the one before it', () => {
    const first = entryHash(GENESIS_HASH, entry());
    const second = entryHash(first, entry({ seq: 2 }));
    expect(entryHash('f'.repeat(64), entry({ seq: 2 }))).not.toBe(second);
  });
});
