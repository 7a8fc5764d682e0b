// Analyses keyed by template source. Templates are few and reused on every render of every post,
// so a small bounded map (oldest evicted first) avoids re-parsing without growing without bound.
import { analyzeTemplate, TemplateAnalysis } from './analyze';

export class BoundedCache<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly capacity: number) {}

  getOrCreate(key: string, create: (key: string) => V): V {
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      // Re-insert so the Map's insertion order tracks recency.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const value = create(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    return value;
  }

  get size(): number {
    return this.entries.size;
  }
}

const analyses = new BoundedCache<TemplateAnalysis>(1000);

export function cachedAnalysis(source: string): TemplateAnalysis {
  return analyses.getOrCreate(source, analyzeTemplate);
}
