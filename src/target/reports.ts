/**
 * Aggregates over the journal: the monthly per-account report (CSV) and the dashboard's
 * figures. Both walk every entry on each call, like a database aggregate without an index.
 */
import { stringify } from 'csv-stringify/sync';
import { formatCents, type Entry } from './entry.js';

export interface AccountTotals {
  account: string;
  debit: number;
  credit: number;
  entries: number;
}

/** Per-account totals over the entries whose date starts with `prefix` ('' = all). */
export function accountTotals(entries: readonly Entry[], prefix: string): AccountTotals[] {
  const totals = new Map<string, AccountTotals>();
  for (const entry of entries) {
    if (!entry.date.startsWith(prefix)) continue;
    const seen = new Set<string>();
    for (const line of entry.lines) {
      let row = totals.get(line.account);
      if (!row) {
        row = { account: line.account, debit: 0, credit: 0, entries: 0 };
        totals.set(line.account, row);
      }
      row.debit += line.debit;
      row.credit += line.credit;
      if (!seen.has(line.account)) {
        seen.add(line.account);
        row.entries += 1;
      }
    }
  }
  return [...totals.values()].sort((a, b) => (a.account < b.account ? -1 : a.account > b.account ? 1 : 0));
}

export const MONTHLY_COLUMNS = ['account', 'debit_total', 'credit_total', 'balance', 'entry_count'];

/** `month` is YYYY-MM, already validated. */
export function monthlyCsv(entries: readonly Entry[], month: string): string {
  const rows = accountTotals(entries, `${month}-`).map((row) => [
    row.account,
    formatCents(row.debit),
    formatCents(row.credit),
    formatCents(row.debit - row.credit),
    row.entries,
  ]);
  return stringify(rows, { header: true, columns: MONTHLY_COLUMNS });
}

export interface DashboardFigures {
  entryCount: number;
  volume: number;
  accounts: number;
  largest: number;
  latestMonth: string;
  latestMonthEntries: number;
  latestMonthVolume: number;
  /** YYYY-MM -> [entries, volume], in month order. */
  months: [string, number, number][];
  topAccounts: AccountTotals[];
  recent: Entry[];
}

function entryVolume(entry: Entry): number {
  let sum = 0;
  for (const line of entry.lines) sum += line.debit;
  return sum;
}

/** Newer first: later date, then higher id. */
function newer(a: Entry, b: Entry): boolean {
  return a.date === b.date ? a.id > b.id : a.date > b.date;
}

/**
 * The `count` most recent entries, newest first, without sorting the whole journal. It walks
 * from the end because ids mostly follow dates, so most entries are rejected at once.
 */
export function mostRecent(entries: readonly Entry[], count: number): Entry[] {
  const top: Entry[] = [];
  for (let i = entries.length - 1; i >= 0; i -= 1) {
    const entry = entries[i];
    if (top.length === count && !newer(entry, top[count - 1])) continue;
    let at = top.length;
    while (at > 0 && newer(entry, top[at - 1])) at -= 1;
    top.splice(at, 0, entry);
    if (top.length > count) top.pop();
  }
  return top;
}

export function dashboardFigures(entries: readonly Entry[], recentCount = 50): DashboardFigures {
  const months = new Map<string, [string, number, number]>();
  let volume = 0;
  let largest = 0;
  for (const entry of entries) {
    const amount = entryVolume(entry);
    volume += amount;
    largest = Math.max(largest, amount);
    const month = entry.date.slice(0, 7);
    const row = months.get(month) ?? [month, 0, 0];
    row[1] += 1;
    row[2] += amount;
    months.set(month, row);
  }
  const monthRows = [...months.values()].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const latest = monthRows.at(-1) ?? ['', 0, 0];
  const totals = accountTotals(entries, '');
  const recent = mostRecent(entries, recentCount);
  return {
    entryCount: entries.length,
    volume,
    accounts: totals.length,
    largest,
    latestMonth: latest[0],
    latestMonthEntries: latest[1],
    latestMonthVolume: latest[2],
    months: monthRows,
    topAccounts: [...totals].sort((a, b) => b.debit + b.credit - (a.debit + a.credit)).slice(0, 10),
    recent,
  };
}
