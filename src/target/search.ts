/**
 * Search over descriptions and references with a small server-side cache: a keyword's first
 * query scans every entry and pays a simulated database cost (MISS); repeats are served from
 * the cache (HIT) until the next write to the journal.
 */
import type { Entry } from './entry.js';
import type { Ledger } from './ledger.js';

export const SEARCH_LIMIT = 20;
/** What a cache miss costs on top of the scan, like an un-indexed LIKE query. */
export const SEARCH_MISS_COST_MS = 20;
const CACHE_KEYS = 500;

export interface SearchResult {
  count: number;
  results: Entry[];
  cache: 'HIT' | 'MISS';
}

export class Search {
  private cache = new Map<string, { count: number; results: Entry[] }>();
  private cachedVersion = -1;

  constructor(
    private readonly ledger: Ledger,
    private readonly missCostMs = SEARCH_MISS_COST_MS,
  ) {}

  async find(query: string): Promise<SearchResult> {
    if (this.cachedVersion !== this.ledger.version) {
      this.cache.clear();
      this.cachedVersion = this.ledger.version;
    }
    const key = query.toLowerCase();
    const hit = this.cache.get(key);
    if (hit) return { ...hit, cache: 'HIT' };

    const version = this.ledger.version;
    const found = this.scan(key);
    if (this.missCostMs > 0) await new Promise((resolve) => setTimeout(resolve, this.missCostMs));
    if (this.cache.size >= CACHE_KEYS) this.cache.delete(this.cache.keys().next().value as string);
    // A write during the simulated query makes the result stale: answer it, do not cache it.
    if (version === this.ledger.version && version === this.cachedVersion) this.cache.set(key, found);
    return { ...found, cache: 'MISS' };
  }

  private scan(key: string): { count: number; results: Entry[] } {
    let count = 0;
    const results: Entry[] = [];
    for (const entry of this.ledger.all()) {
      if (entry.description.toLowerCase().includes(key) || entry.reference.toLowerCase().includes(key)) {
        count += 1;
        if (results.length < SEARCH_LIMIT) results.push(entry);
      }
    }
    return { count, results };
  }
}
