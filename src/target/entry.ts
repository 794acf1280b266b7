/**
 * Journal entries: the stored shape, the wire shape of erp-api.md, and the validation of a
 * request body (POST and PUT take a full entry, PATCH a partial one). Amounts are kept as
 * integer cents so sums are exact.
 */

export interface Line {
  account: string;
  /** Cents. */
  debit: number;
  /** Cents. */
  credit: number;
}

export interface Entry {
  id: number;
  date: string;
  reference: string;
  description: string;
  lines: Line[];
  createdAt: string;
}

/** What a client may set; id and created_at are read-only. */
export interface EntryFields {
  date: string;
  reference?: string;
  description: string;
  lines: Line[];
}

export interface EntryJson {
  id: number;
  date: string;
  reference: string;
  description: string;
  lines: { account: string; debit: string; credit: string }[];
  created_at: string;
}

/** Field name -> messages, like Django REST framework's validation errors. */
export type FieldErrors = Record<string, string[]>;

export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

/** Formats cents as a decimal string: 12345 -> "123.45", -5 -> "-0.05". */
export function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export function toJson(entry: Entry): EntryJson {
  return {
    id: entry.id,
    date: entry.date,
    reference: entry.reference,
    description: entry.description,
    lines: entry.lines.map((line) => ({
      account: line.account,
      debit: formatCents(line.debit),
      credit: formatCents(line.credit),
    })),
    created_at: entry.createdAt,
  };
}

const MAX_CENTS = 1e13;
const AMOUNT = /^\d{1,11}(\.\d{1,2})?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isValidDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Parses "100", "100.5", "100.50" or a JSON number into cents; null when invalid or negative. */
function parseAmount(value: unknown): number | null {
  if (value === undefined || value === null) return 0;
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  if (typeof text !== 'string' || !AMOUNT.test(text)) return null;
  const [whole, fraction = ''] = text.split('.');
  const cents = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return cents <= MAX_CENTS ? cents : null;
}

function parseLines(value: unknown, errors: string[]): Line[] {
  if (!Array.isArray(value)) {
    errors.push('This field must be a list of lines.');
    return [];
  }
  if (value.length < 2) errors.push('An entry needs at least 2 lines.');
  const lines: Line[] = [];
  value.forEach((raw: unknown, index) => {
    const item = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const account = typeof item.account === 'number' ? String(item.account) : item.account;
    const debit = parseAmount(item.debit);
    const credit = parseAmount(item.credit);
    if (typeof account !== 'string' || account.trim() === '' || account.length > 32) {
      errors.push(`Line ${index + 1}: account must be a non-empty string.`);
    }
    if (debit === null) errors.push(`Line ${index + 1}: debit must be a non-negative amount with at most 2 decimals.`);
    if (credit === null) errors.push(`Line ${index + 1}: credit must be a non-negative amount with at most 2 decimals.`);
    lines.push({ account: String(account), debit: debit ?? 0, credit: credit ?? 0 });
  });
  if (errors.length === 0) {
    const debits = lines.reduce((sum, line) => sum + line.debit, 0);
    const credits = lines.reduce((sum, line) => sum + line.credit, 0);
    if (debits !== credits) {
      errors.push(`Debits (${formatCents(debits)}) and credits (${formatCents(credits)}) do not balance.`);
    }
  }
  return lines;
}

/**
 * Validates a request body. `partial` (PATCH) accepts any subset of the fields; otherwise
 * `date` and `lines` are required. Unknown and read-only fields are ignored.
 */
export function parseEntryBody(body: unknown, partial: boolean): Parsed<Partial<EntryFields>> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, errors: { non_field_errors: ['The body must be a JSON object.'] } };
  }
  const input = body as Record<string, unknown>;
  const errors: FieldErrors = {};
  const value: Partial<EntryFields> = {};
  const fail = (field: string, message: string) => (errors[field] ??= []).push(message);

  if (input.date !== undefined || !partial) {
    if (input.date === undefined) fail('date', 'This field is required.');
    else if (!isValidDate(input.date)) fail('date', 'Date must be a valid YYYY-MM-DD date.');
    else value.date = input.date;
  }
  if (input.lines !== undefined || !partial) {
    if (input.lines === undefined) fail('lines', 'This field is required.');
    else {
      const messages: string[] = [];
      const lines = parseLines(input.lines, messages);
      if (messages.length > 0) errors.lines = messages;
      else value.lines = lines;
    }
  }
  for (const field of ['description', 'reference'] as const) {
    const raw = input[field];
    if (raw === undefined || raw === null) continue;
    if (typeof raw !== 'string' || raw.length > 500) fail(field, 'Must be a string of at most 500 characters.');
    else value[field] = raw;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, value };
}

/** A one-line summary of field errors for the `detail` member of a 400 response. */
export function describeErrors(errors: FieldErrors): string {
  return Object.entries(errors)
    .map(([field, messages]) => `${field}: ${messages.join(' ')}`)
    .join('; ');
}
