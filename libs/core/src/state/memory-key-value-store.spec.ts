import { MemoryKeyValueStore } from './memory-key-value-store';

describe('MemoryKeyValueStore', () => {
  let now = 1_000;
  const store = new MemoryKeyValueStore(() => now);
  afterAll(() => store.close());

  it('forgets a value when its time is up', async () => {
    await store.set('a', '1', 500);
    expect(await store.get('a')).toBe('1');
    now += 500;
    expect(await store.get('a')).toBeNull();
  });

  it('lets only the first of two claims hold a key until it lapses', async () => {
    expect(await store.setIfAbsent('lock', 'w1', 1000)).toBe(true);
    expect(await store.setIfAbsent('lock', 'w2', 1000)).toBe(false);
    now += 1000;
    expect(await store.setIfAbsent('lock', 'w2', 1000)).toBe(true);
    expect(await store.get('lock')).toBe('w2');
  });

  it('hands a one-time value out once', async () => {
    await store.set('state', 'pending', 60_000);
    expect(await store.take('state')).toBe('pending');
    expect(await store.take('state')).toBeNull();
  });

  it('releases a lock only for the owner that holds it', async () => {
    await store.set('refresh', 'mine', 60_000);
    expect(await store.deleteIfEquals('refresh', 'theirs')).toBe(false);
    expect(await store.get('refresh')).toBe('mine');
    expect(await store.deleteIfEquals('refresh', 'mine')).toBe(true);
    expect(await store.get('refresh')).toBeNull();
  });
});
