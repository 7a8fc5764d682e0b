// The audit chain's hashes depend on canonicalJson's exact text: entries already written must still verify.
import { canonicalJson, hashOf } from './hashing';

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
