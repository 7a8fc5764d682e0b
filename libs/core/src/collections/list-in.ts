/**
 * The list under a key, made on first use, for appending in place. Grouping by copying the list on every append
 * (`map.set(k, [...(map.get(k) ?? []), v])`) is quadratic: a publish record settles up to a thousand posts.
 */
export function listIn<K, V>(map: Map<K, V[]>, key: K): V[] {
  let list = map.get(key);
  if (!list) map.set(key, (list = []));
  return list;
}
