import { MinHeap } from './min-heap';

describe('MinHeap', () => {
  it('pops in ascending order whatever the order of pushes, duplicates included', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (const size of [0, 1, 2, 3, 10, 257]) {
      const values = Array.from({ length: size }, () => Math.floor(random() * 50));
      const heap = new MinHeap<number>((a, b) => a - b);
      for (const value of values) heap.push(value);
      expect(heap.size).toBe(size);
      const popped: number[] = [];
      while (heap.size) {
        const top = heap.peek();
        expect(heap.pop()).toBe(top);
        popped.push(top!);
      }
      expect(popped).toEqual([...values].sort((a, b) => a - b));
      expect(heap.pop()).toBeUndefined();
    }
  });

  it('keeps the order when pushes and pops interleave', () => {
    const heap = new MinHeap<{ at: number }>((a, b) => a.at - b.at);
    heap.push({ at: 5 });
    heap.push({ at: 1 });
    expect(heap.pop()).toEqual({ at: 1 });
    heap.push({ at: 3 });
    heap.push({ at: 9 });
    heap.push({ at: 0 });
    expect([heap.pop(), heap.pop(), heap.pop(), heap.pop()].map((x) => x!.at)).toEqual([0, 3, 5, 9]);
  });
});
