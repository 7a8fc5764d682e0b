// Lookups that keep a fake's per-request cost independent of how many posts a run has published:
// posts by id, and per key (author, page, author + text) in arrival order with "newer than t" windows
// found by binary search instead of a scan over every post ever made.

/** What a time window holds: how many items, and the first of them to arrive. */
export interface TimeWindow<T> {
  count: number;
  first: T | undefined;
}

interface Series<T> {
  items: T[];
  /** Times never went backwards (the controllable clock can), so a window is a suffix. */
  ordered: boolean;
}

/** Items per key in arrival order. */
export class TimeIndex<T> {
  private readonly series = new Map<string, Series<T>>();

  constructor(private readonly timeOf: (item: T) => number) {}

  add(key: string, item: T): void {
    let series = this.series.get(key);
    if (!series) this.series.set(key, (series = { items: [], ordered: true }));
    const last = series.items.at(-1);
    // `!(a >= b)` also catches NaN times, which a binary search could not place.
    if (!(this.timeOf(item) >= (last === undefined ? -Infinity : this.timeOf(last)))) series.ordered = false;
    series.items.push(item);
  }

  /** The key's items in arrival order (the index's own array: copy before sorting). */
  items(key: string): readonly T[] {
    return this.series.get(key)?.items ?? [];
  }

  keys(): IterableIterator<string> {
    return this.series.keys();
  }

  /** The key's items with a time after `after`. */
  newerThan(key: string, after: number): TimeWindow<T> {
    const series = this.series.get(key);
    if (!series) return { count: 0, first: undefined };
    if (!series.ordered) {
      const newer = series.items.filter((item) => this.timeOf(item) > after);
      return { count: newer.length, first: newer[0] };
    }
    const from = this.firstAfter(series.items, after);
    return { count: series.items.length - from, first: series.items[from] };
  }

  clear(): void {
    this.series.clear();
  }

  private firstAfter(items: T[], after: number): number {
    let lo = 0;
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.timeOf(items[mid]) > after) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

/** Two strings as one unambiguous map key (author + text): the first one's length says where it ends. */
export function pairKey(a: string, b: string): string {
  return `${a.length}:${a}${b}`;
}

export interface PostIndexShape<T, K extends string> {
  id: (item: T) => string;
  time: (item: T) => number;
  /** Per index kind, the item's key (undefined: not in that index). */
  keys: Record<K, (item: T) => string | undefined>;
}

/**
 * The indexes over a fake's public post array. Tests push into that array directly, so every lookup
 * first catches up with what was appended; a replaced or shortened array is indexed again from scratch.
 * Posts are never edited in place (an edit to author, text or time would need a reset).
 */
export class PostIndex<T, K extends string> {
  private source: T[] = [];
  private seen = 0;
  /** The last item indexed, to notice an array emptied and refilled in place. */
  private last: T | undefined;
  private readonly ids = new Map<string, T>();
  private readonly indexes: Record<K, TimeIndex<T>>;

  constructor(private readonly shape: PostIndexShape<T, K>) {
    const kinds = Object.keys(shape.keys) as K[];
    this.indexes = Object.fromEntries(kinds.map((kind) => [kind, new TimeIndex<T>(shape.time)])) as Record<
      K,
      TimeIndex<T>
    >;
  }

  /** This index, up to date with `array`. */
  over(array: T[]): this {
    if (array !== this.source || array.length < this.seen || (this.seen > 0 && array[this.seen - 1] !== this.last)) {
      this.clear();
      this.source = array;
    }
    for (; this.seen < array.length; this.seen++) this.add(array[this.seen]);
    return this;
  }

  /** The first post with this id (like `find`). */
  byId(id: string): T | undefined {
    return this.ids.get(id);
  }

  items(kind: K, key: string): readonly T[] {
    return this.indexes[kind].items(key);
  }

  keys(kind: K): IterableIterator<string> {
    return this.indexes[kind].keys();
  }

  newerThan(kind: K, key: string, after: number): TimeWindow<T> {
    return this.indexes[kind].newerThan(key, after);
  }

  clear(): void {
    this.source = [];
    this.seen = 0;
    this.last = undefined;
    this.ids.clear();
    for (const index of Object.values<TimeIndex<T>>(this.indexes)) index.clear();
  }

  private add(item: T): void {
    this.last = item;
    const id = this.shape.id(item);
    if (!this.ids.has(id)) this.ids.set(id, item);
    for (const kind of Object.keys(this.indexes) as K[]) {
      const key = this.shape.keys[kind](item);
      if (key !== undefined) this.indexes[kind].add(key, item);
    }
  }
}
