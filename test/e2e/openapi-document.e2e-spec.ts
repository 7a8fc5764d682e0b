// The OpenAPI document is valid OpenAPI 3, so a client generated from it works: the validator's verdict, plus
// what it does not check (a default, bound or enum value of another type than its schema says).
import SwaggerParser from '@apidevtools/swagger-parser';
import { startTestApp, TestApp } from '../support/test-app';

type Node = Record<string, unknown>;
const TYPE_CHECKS: Record<string, (v: unknown) => boolean> = {
  string: (v) => typeof v === 'string',
  integer: (v) => Number.isInteger(v),
  number: (v) => typeof v === 'number',
  boolean: (v) => typeof v === 'boolean',
  array: (v) => Array.isArray(v),
  object: (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
};
const SCHEMA_VALUED = ['items', 'additionalProperties', 'not'];

/** Every place in the document where a value disagrees with its schema's type, or a schema is not an object. */
function typeMismatches(node: unknown, path = '#'): string[] {
  if (Array.isArray(node)) return node.flatMap((item, i) => typeMismatches(item, `${path}/${i}`));
  if (!node || typeof node !== 'object') return [];
  const schema = node as Node;
  const found: string[] = [];
  const check = TYPE_CHECKS[schema.type as string];
  if (check) {
    if ('default' in schema && schema.default !== null && !check(schema.default))
      found.push(`${path}: default ${JSON.stringify(schema.default)} is not ${String(schema.type)}`);
    for (const bound of ['minimum', 'maximum'])
      if (bound in schema && schema.type !== 'integer' && schema.type !== 'number')
        found.push(`${path}: ${bound} on a ${String(schema.type)}`);
    for (const value of (schema.enum as unknown[] | undefined) ?? [])
      if (value !== null && !check(value))
        found.push(`${path}: enum value ${JSON.stringify(value)} is not ${String(schema.type)}`);
  }
  for (const key of SCHEMA_VALUED)
    if (key in schema && typeof schema[key] !== 'object' && typeof schema[key] !== 'boolean')
      found.push(`${path}/${key}: not a schema`);
  return [
    ...found,
    ...Object.entries(schema).flatMap(([key, value]) => typeMismatches(value, `${path}/${key.replace(/\//g, '~1')}`)),
  ];
}

describe('OpenAPI document', () => {
  let t: TestApp;
  let doc: Node;
  beforeAll(async () => {
    t = await startTestApp();
    doc = (await t.http.get('/api/docs-json').expect(200)).body as Node;
  });
  afterAll(() => t.close());

  it('passes the validator', async () => {
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeDefined();
  });

  it('documents each default, bound and enum with the type its schema declares', () => {
    expect(typeMismatches(doc)).toEqual([]);
  });
});
