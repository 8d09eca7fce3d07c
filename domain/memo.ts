/**
 * A cache for pure functions of a few recurring inputs (the models and outcome statements a stack
 * repeats on many resources): it forgets everything once it holds `limit` entries, so an input
 * that never repeats costs a bounded amount of memory, never a leak.
 */
export class BoundedCache<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly limit: number) {}

  /** The value cached for `key`, made (and cached) by `make` when there is none. */
  get(key: K, make: () => V): V {
    const hit = this.entries.get(key);
    if (hit !== undefined || this.entries.has(key)) return hit as V;
    const value = make();
    if (this.entries.size >= this.limit) this.entries.clear();
    this.entries.set(key, value);
    return value;
  }

  get size(): number {
    return this.entries.size;
  }
}
