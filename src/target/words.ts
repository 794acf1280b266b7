/** Word lists and text generators for the demo target's seed data, pages and assets. */
import { intBetween, pick, type Random } from '../random.js';

/** Keywords that appear in journal-entry descriptions; flows search for these. */
export const KEYWORDS = [
  'cash', 'invoice', 'payroll', 'rent', 'travel', 'supplies', 'refund', 'tax',
  'insurance', 'utilities', 'consulting', 'software', 'equipment', 'freight',
  'interest', 'deposit', 'loan', 'commission', 'marketing', 'maintenance',
] as const;

export const COUNTERPARTIES = [
  'Acme Corp', 'Globex', 'Initech', 'Umbrella Ltd', 'Stark Industries', 'Wayne Enterprises',
  'Hooli', 'Vandelay Imports', 'Soylent Co', 'Tyrell Corp', 'Wonka Foods', 'Cyberdyne',
  'Northwind Traders', 'Contoso', 'Fabrikam', 'Massive Dynamic', 'Oceanic Air', 'Gringotts',
] as const;

const QUALIFIERS = [
  'monthly', 'quarterly', 'annual', 'accrued', 'prepaid', 'deferred', 'adjusted', 'reversed',
  'settled', 'pending', 'partial', 'final', 'estimated', 'recurring', 'one-off', 'regional',
] as const;

/** General vocabulary for page copy, CSS class names and script identifiers. */
export const VOCABULARY = [
  'account', 'ledger', 'balance', 'journal', 'entry', 'report', 'period', 'close', 'audit',
  'budget', 'forecast', 'vendor', 'customer', 'payment', 'receipt', 'statement', 'summary',
  'total', 'amount', 'currency', 'exchange', 'rate', 'posting', 'approval', 'review', 'draft',
  'filter', 'search', 'table', 'panel', 'header', 'footer', 'button', 'modal', 'card', 'grid',
  'chart', 'trend', 'month', 'quarter', 'year', 'fiscal', 'opening', 'closing', 'debit',
  'credit', 'asset', 'liability', 'equity', 'revenue', 'expense', 'margin', 'cost', 'center',
  'department', 'project', 'reconcile', 'export', 'import', 'settings', 'profile',
  ...KEYWORDS,
] as const;

export function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** A journal-entry description that contains one or two KEYWORDS. */
export function entryDescription(random: Random, month: string): string {
  const keyword = pick(random, KEYWORDS);
  const qualifier = pick(random, QUALIFIERS);
  const party = pick(random, COUNTERPARTIES);
  switch (intBetween(random, 0, 3)) {
    case 0:
      return `${capitalize(qualifier)} ${keyword} ${month} - ${party}`;
    case 1:
      return `${capitalize(keyword)} ${pick(random, KEYWORDS)} for ${party}`;
    case 2:
      return `${party} ${keyword} no. ${intBetween(random, 100, 9999)}`;
    default:
      return `${capitalize(keyword)} (${qualifier}) ${month}`;
  }
}

export function sentence(random: Random, minWords = 6, maxWords = 16): string {
  const count = intBetween(random, minWords, maxWords);
  const words: string[] = [];
  for (let i = 0; i < count; i += 1) words.push(pick(random, VOCABULARY));
  return `${capitalize(words.join(' '))}.`;
}

export function paragraph(random: Random, sentences = 4): string {
  const parts: string[] = [];
  for (let i = 0; i < sentences; i += 1) parts.push(sentence(random));
  return parts.join(' ');
}

/** A camelCase identifier such as `renderLedgerTotal`. */
export function identifier(random: Random, words = 2): string {
  let name = pick(random, ['render', 'format', 'load', 'update', 'compute', 'parse', 'build', 'sync']);
  for (let i = 0; i < words; i += 1) name += capitalize(pick(random, VOCABULARY).replace('-', ''));
  return name;
}
