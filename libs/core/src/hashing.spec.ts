// The audit chain's hashes depend on canonicalJson's exact text: entries already written must still verify.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { canonicalJson, hashOf, sha256Hex } from './hashing';

describe('canonicalJson', () => {
  it('sorts keys at every level and prints dates as ISO text', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: new Date('2026-01-02T03:04:05.006Z') } })).toBe(
      '{"a":{"c":"2026-01-02T03:04:05.006Z","d":[3,{"y":null,"z":true}]},"b":1}',
    );
  });

  it('leaves out undefined members of objects and prints them as null in arrays', () => {
    expect(canonicalJson({ a: undefined, k: [undefined, 2] })).toBe('{"k":[null,2]}');
  });

  it('hashes equal data the same whatever the key order', () => {
    expect(hashOf({ a: 1, b: [1, { c: 2, d: 3 }] })).toBe(hashOf({ b: [1, { d: 3, c: 2 }], a: 1 }));
    expect(hashOf({ a: 1 })).not.toBe(hashOf({ a: 2 }));
  });
});

/** canonicalJson's definition: JSON.stringify over a copy whose objects have their keys inserted sorted. */
function byCopy(value: unknown): string {
  const sortKeys = (inner: unknown): unknown => {
    if (Array.isArray(inner)) return inner.map(sortKeys);
    if (inner instanceof Date) return inner.toISOString();
    if (inner && typeof inner === 'object') {
      const sorted: Record<string, unknown> = {};
      for (const key of Object.keys(inner).sort()) {
        const member = (inner as Record<string, unknown>)[key];
        if (member !== undefined) sorted[key] = sortKeys(member);
      }
      return sorted;
    }
    return inner;
  };
  return JSON.stringify(sortKeys(value));
}

function outcome(print: () => string): { text: string } | { error: string } {
  try {
    return { text: print() };
  } catch (error) {
    return { error: (error as Error).name };
  }
}

describe('canonicalJson against its definition', () => {
  it('prints what JSON.stringify prints for the sorted copy, whatever the value', () => {
    const key = fc.oneof(
      fc.string(),
      fc.constantFrom('__proto__', '0', '9', '10', '01', '-1', '1.5', '4294967294', '4294967295', '1e3', ''),
      fc.nat().map(String),
    );
    const value = fc.letrec((tie) => ({
      any: fc.oneof(
        { depthSize: 'small' },
        fc.jsonValue(),
        fc.date(),
        fc.constantFrom(undefined, null, NaN, -0, Infinity, () => 1, Symbol('s')),
        fc.array(tie('any')),
        fc.sparseArray(tie('any')),
        fc.dictionary(key, tie('any')),
        fc.uint8Array({ maxLength: 12 }),
      ),
    })).any;
    fc.assert(
      fc.property(value, (v) => {
        // Either the same text or the same error (an invalid Date has no ISO text).
        expect(outcome(() => canonicalJson(v))).toEqual(outcome(() => byCopy(v)));
      }),
      { numRuns: 3000 },
    );
  });

  it('leaves out a "__proto__" key as the copy does, and orders index keys by number', () => {
    const parsed = JSON.parse('{"__proto__":{"x":1},"b":2,"10":3,"9":4,"a":5}') as unknown;
    expect(canonicalJson(parsed)).toBe('{"9":4,"10":3,"a":5,"b":2}');
    expect(canonicalJson(parsed)).toBe(byCopy(parsed));
  });
});

describe('sha256Hex', () => {
  it('is the SHA-256 of the UTF-8 text in hex', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('é')).toBe(createHash('sha256').update('é', 'utf8').digest('hex'));
  });
});
