import { RequestSlots } from './request-slots';

describe('RequestSlots', () => {
  it('gives out its slots at once, then in the order they were asked for as slots come back', async () => {
    const slots = new RequestSlots(2);
    const order: string[] = [];
    await slots.acquire();
    await slots.acquire();
    void slots.acquire().then(() => order.push('third'));
    void slots.acquire().then(() => order.push('fourth'));
    await Promise.resolve();
    expect(order).toEqual([]);
    expect(slots.queued).toBe(2);
    slots.release();
    await Promise.resolve();
    expect(order).toEqual(['third']);
    expect(slots.inUse).toBe(2);
    slots.release();
    slots.release();
    await Promise.resolve();
    expect(order).toEqual(['third', 'fourth']);
    expect(slots.inUse).toBe(1);
    slots.release();
    expect(slots.inUse).toBe(0);
  });
});
