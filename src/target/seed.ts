/**
 * Deterministic seed data: 5,000 balanced journal entries over accounts 1000–1099, dated
 * across 2026 in id order (so every month has about 400 entries).
 */
import type { Entry, Line } from './entry.js';
import { intBetween, seededRandom, type Random } from '../random.js';
import { entryDescription } from './words.js';

export const SEED_ENTRIES = 5000;
export const SEED_YEAR = 2026;
export const FIRST_ACCOUNT = 1000;
export const LAST_ACCOUNT = 1099;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function distinctAccounts(random: Random, count: number): string[] {
  const accounts = new Set<string>();
  while (accounts.size < count) accounts.add(String(intBetween(random, FIRST_ACCOUNT, LAST_ACCOUNT)));
  return [...accounts];
}

/** Splits `total` cents into `parts` positive amounts that sum to it exactly. */
function split(random: Random, total: number, parts: number): number[] {
  const amounts: number[] = [];
  let left = total;
  for (let i = parts - 1; i > 0; i -= 1) {
    const share = intBetween(random, 1, left - i);
    amounts.push(share);
    left -= share;
  }
  amounts.push(left);
  return amounts;
}

function seedLines(random: Random): Line[] {
  const count = intBetween(random, 2, 4);
  const debitCount = intBetween(random, 1, count - 1);
  const accounts = distinctAccounts(random, count);
  const total = intBetween(random, 1000, 500_000);
  const debits = split(random, total, debitCount);
  const credits = split(random, total, count - debitCount);
  return accounts.map((account, i) =>
    i < debitCount
      ? { account, debit: debits[i], credit: 0 }
      : { account, debit: 0, credit: credits[i - debitCount] },
  );
}

export function seedEntries(seed: number, count = SEED_ENTRIES): Entry[] {
  const random = seededRandom(seed);
  const yearStart = Date.UTC(SEED_YEAR, 0, 1);
  const entries: Entry[] = [];
  for (let id = 1; id <= count; id += 1) {
    const day = Math.floor(((id - 1) * 365) / count);
    const at = new Date(yearStart + day * 86_400_000 + intBetween(random, 8 * 3600, 18 * 3600) * 1000);
    const date = at.toISOString().slice(0, 10);
    entries.push({
      id,
      date,
      reference: `JE-${id}`,
      description: entryDescription(random, MONTHS[at.getUTCMonth()]),
      lines: seedLines(random),
      createdAt: at.toISOString(),
    });
  }
  return entries;
}
