import { hash } from 'node:crypto';

/**
 * JSON with object keys sorted at every level, so equal data always hashes the same: the text of
 * `JSON.stringify` over a copy of the value whose objects have their keys inserted in sorted order (Dates as ISO
 * text). Written directly rather than through that copy: a burst's record hashes thousands of audit entries, and
 * the copies, their key arrays and two Hash objects per entry were ~15 % of what a worker allocated per published
 * target. The audit chain's hashes depend on this exact text (hashing.spec.ts holds it to the copy-and-stringify
 * definition).
 */
export function canonicalJson(value: unknown): string {
  return write(value) as string;
}

/** The value's JSON, or undefined where JSON.stringify leaves a value out (undefined, functions, symbols). */
function write(value: unknown): string | undefined {
  // Strings, numbers, booleans, undefined, functions, symbols (and a bigint's TypeError) as JSON.stringify has them.
  if (typeof value !== 'object') return JSON.stringify(value) as string | undefined;
  if (value === null) return 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) {
    let text = '[';
    for (let i = 0; i < value.length; i++) text += `${i ? ',' : ''}${write(value[i]) ?? 'null'}`;
    return `${text}]`;
  }
  const object = value as Record<string, unknown>;
  let text = '';
  for (const key of sortedKeys(object)) {
    const json = write(object[key]);
    if (json !== undefined) text += `${text ? ',' : ''}${JSON.stringify(key)}:${json}`;
  }
  return `{${text}}`;
}

/**
 * The keys in the order JSON.stringify meets them in an object they were inserted into sorted: array indices
 * first, ascending by number (every object keeps them that way), then the rest as sorted. "__proto__" is left out:
 * assigned to a plain object it sets the prototype rather than a key.
 */
function sortedKeys(object: Record<string, unknown>): string[] {
  const keys = sortInPlace(Object.keys(object));
  if (!keys.some((key) => isArrayIndex(key) || key === '__proto__')) return keys;
  const indices = keys.filter(isArrayIndex).sort((a, b) => Number(a) - Number(b));
  return indices.concat(keys.filter((key) => !isArrayIndex(key) && key !== '__proto__'));
}

/**
 * Array.prototype.sort's order for strings (UTF-16 code units), in place: an audit entry's few keys sorted by
 * Array.prototype.sort cost a work array each.
 */
function sortInPlace(keys: string[]): string[] {
  if (keys.length > 16) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i];
    let j = i - 1;
    for (; j >= 0 && keys[j] > key; j--) keys[j + 1] = keys[j];
    keys[j + 1] = key;
  }
  return keys;
}

/** A canonical array index: what an object orders before its other keys. */
function isArrayIndex(key: string): boolean {
  if (key.length === 0 || key.length > 10) return false;
  const first = key.charCodeAt(0);
  if (first < 48 || first > 57 || (first === 48 && key.length > 1)) return false;
  for (let i = 1; i < key.length; i++) {
    const code = key.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return Number(key) < 2 ** 32 - 1;
}

/** SHA-256 in hex, one call (no Hash object per text: the audit chain hashes twice per entry). */
export function sha256Hex(text: string): string {
  return hash('sha256', text, 'hex');
}

/** SHA-256 of the canonical JSON of a value. */
export function hashOf(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}
