/**
 * The in-memory journal: entries in id order with lookup by id, paging, and the create /
 * replace / patch / delete operations of the API. Readers that cache derived data (search)
 * watch `version`, which changes on every write.
 */
import type { Entry, EntryFields } from './entry.js';

export interface Page {
  count: number;
  results: Entry[];
}

/** Creates beyond this many entries are refused, so a long write-heavy run cannot exhaust memory. */
export const MAX_ENTRIES = 250_000;

export class Ledger {
  private readonly rows: Entry[];
  private readonly byId = new Map<number, Entry>();
  private nextId: number;
  /** Bumped on every write. */
  version = 0;

  constructor(seed: Entry[]) {
    this.rows = [...seed].sort((a, b) => a.id - b.id);
    for (const entry of this.rows) this.byId.set(entry.id, entry);
    this.nextId = (this.rows.at(-1)?.id ?? 0) + 1;
  }

  get size(): number {
    return this.rows.length;
  }

  all(): readonly Entry[] {
    return this.rows;
  }

  get(id: number): Entry | undefined {
    return this.byId.get(id);
  }

  /** Page numbers start at 1; a page past the end has no results. */
  page(page: number, pageSize: number): Page {
    const start = (page - 1) * pageSize;
    return { count: this.rows.length, results: this.rows.slice(start, start + pageSize) };
  }

  get full(): boolean {
    return this.rows.length >= MAX_ENTRIES;
  }

  create(fields: EntryFields, now: Date): Entry {
    const id = this.nextId;
    this.nextId += 1;
    const entry: Entry = {
      id,
      date: fields.date,
      reference: fields.reference ?? `JE-${id}`,
      description: fields.description,
      lines: fields.lines,
      createdAt: now.toISOString(),
    };
    this.rows.push(entry);
    this.byId.set(id, entry);
    this.version += 1;
    return entry;
  }

  /** Applies the given fields to an existing entry; undefined when it does not exist. */
  update(id: number, fields: Partial<EntryFields>): Entry | undefined {
    const current = this.byId.get(id);
    if (!current) return undefined;
    const next: Entry = { ...current, ...definedOnly(fields) };
    this.rows[this.indexOf(id)] = next;
    this.byId.set(id, next);
    this.version += 1;
    return next;
  }

  delete(id: number): boolean {
    if (!this.byId.delete(id)) return false;
    this.rows.splice(this.indexOf(id), 1);
    this.version += 1;
    return true;
  }

  /** Binary search: rows stay sorted by id because ids only grow. */
  private indexOf(id: number): number {
    let low = 0;
    let high = this.rows.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const midId = this.rows[mid].id;
      if (midId === id) return mid;
      if (midId < id) low = mid + 1;
      else high = mid - 1;
    }
    return -1;
  }
}

function definedOnly(fields: Partial<EntryFields>): Partial<EntryFields> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}
