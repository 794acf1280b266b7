/** The monthly CSV report and search of erp-api.md, checked against the list endpoint's data. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoTarget, type DemoTarget } from '../../src/target/server.js';
import { API_KEY, send, type Send } from './http.js';
import type { EntryJson } from '../../src/target/entry.js';

let target: DemoTarget;
const api = (path: string, options: Send = {}) => send(`${target.url}${path}`, { ...options, headers: { ...API_KEY, ...options.headers } });


const all: EntryJson[] = [];

beforeAll(async () => {
  target = await startDemoTarget({ port: 0 });
  for (let page = 1; ; page += 1) {
    const body = (await api(`/api/journal-entries/?page=${page}&page_size=100`)).json<{ next: string | null; results: EntryJson[] }>();
    all.push(...body.results);
    if (!body.next) break;
  }
});
afterAll(async () => {
  await target.close();
});

const cents = (amount: string) => Math.round(Number(amount) * 100);

describe('seed data (as the API lists it)', () => {
  it('has 5,000 balanced entries over accounts 1000–1099 and every month of 2026', () => {
    expect(all).toHaveLength(5000);
    const months = new Set(all.map((e) => e.date.slice(0, 7)));
    expect([...months].sort()).toEqual(Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`));
    for (const entry of all) {
      const debit = entry.lines.reduce((s, l) => s + cents(l.debit), 0);
      const credit = entry.lines.reduce((s, l) => s + cents(l.credit), 0);
      expect(debit).toBe(credit);
      expect(entry.lines.length).toBeGreaterThanOrEqual(2);
      for (const line of entry.lines) expect(Number(line.account)).toBeGreaterThanOrEqual(1000);
      for (const line of entry.lines) expect(Number(line.account)).toBeLessThanOrEqual(1099);
    }
  });
});

describe('monthly report', () => {
  it('is a CSV attachment whose rows match the month\'s entries, per account', async () => {
    const res = await api('/api/reports/monthly/?month=2026-03&format=csv');
    expect(res.status).toBe(200);
    expect(res.header('content-type')).toMatch(/^text\/csv/);
    expect(res.header('content-disposition')).toMatch(/^attachment/);
    const [header, ...rows] = res.text().trim().split('\n');
    expect(header).toBe('account,debit_total,credit_total,balance,entry_count');

    const expected = new Map<string, { debit: number; credit: number; entries: Set<number> }>();
    for (const entry of all.filter((e) => e.date.startsWith('2026-03-'))) {
      for (const line of entry.lines) {
        const row = expected.get(line.account) ?? { debit: 0, credit: 0, entries: new Set<number>() };
        row.debit += cents(line.debit);
        row.credit += cents(line.credit);
        row.entries.add(entry.id);
        expected.set(line.account, row);
      }
    }
    expect(rows).toHaveLength(expected.size);
    let debits = 0;
    let credits = 0;
    for (const row of rows) {
      const [account, debit, credit, balance, count] = row.split(',');
      const want = expected.get(account)!;
      expect(want, account).toBeDefined();
      expect(cents(debit)).toBe(want.debit);
      expect(cents(credit)).toBe(want.credit);
      expect(cents(balance)).toBe(want.debit - want.credit);
      expect(Number(count)).toBe(want.entries.size);
      debits += cents(debit);
      credits += cents(credit);
    }
    expect(debits).toBe(credits);
  });

  it('defaults to CSV and has only the header for a month without entries', async () => {
    const res = await api('/api/reports/monthly/?month=2025-01');
    expect(res.status).toBe(200);
    expect(res.text().trim()).toBe('account,debit_total,credit_total,balance,entry_count');
  });

  it('answers 400 for a missing or bad month, or another format', async () => {
    for (const query of ['', '?month=', '?month=2026-13', '?month=March', '?month=2026-3', '?month=2026-03&format=xml']) {
      const res = await api(`/api/reports/monthly/${query}`);
      expect(res.status, query).toBe(400);
      expect(res.json().detail).toBeTruthy();
    }
  });
});

describe('search', () => {
  it('returns up to 20 entries containing the keyword, and the full count', async () => {
    const res = await api('/api/search/?q=payroll');
    expect(res.status).toBe(200);
    const body = res.json<{ query: string; count: number; results: EntryJson[] }>();
    expect(body.query).toBe('payroll');
    const matching = all.filter((e) => `${e.description} ${e.reference}`.toLowerCase().includes('payroll'));
    expect(body.count).toBe(matching.length);
    expect(body.count).toBeGreaterThan(20);
    expect(body.results).toHaveLength(20);
    for (const entry of body.results) expect(`${entry.description} ${entry.reference}`.toLowerCase()).toContain('payroll');
  });

  it('caches per keyword: MISS (slower) first, then HIT, and a write empties the cache', async () => {
    const started = performance.now();
    const first = await api('/api/search/?q=travel');
    const missMs = performance.now() - started;
    expect(first.header('x-cache')).toBe('MISS');
    expect(missMs).toBeGreaterThanOrEqual(15);
    const second = await api('/api/search/?q=TRAVEL');
    expect(second.header('x-cache')).toBe('HIT');
    expect(second.json().count).toBe(first.json().count);

    const created = await api('/api/journal-entries/', {
      method: 'POST',
      json: { date: '2026-04-01', description: 'Travel to client', lines: [{ account: '1000', debit: '9' }, { account: '1001', credit: '9' }] },
    });
    expect(created.status).toBe(201);
    const third = await api('/api/search/?q=travel');
    expect(third.header('x-cache')).toBe('MISS');
    expect(third.json<{ count: number }>().count).toBe(first.json<{ count: number }>().count + 1);
  });

  it('answers 400 without q', async () => {
    expect((await api('/api/search/')).status).toBe(400);
    expect((await api('/api/search/?q=')).status).toBe(400);
  });
});
