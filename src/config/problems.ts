/**
 * The problems found in a command's options, gathered across every option group and reported at
 * once in one line (k6's Validate()): each names its flag and what it wants.
 */
import { UsageError } from '../errors.js';
import { parseDuration } from './duration.js';

/**
 * Decimal numbers only: Number() alone reads '' and ' ' as 0 and '0x10' as 16, so `-u ''` would
 * quietly run no users.
 */
const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

export class Problems {
  private readonly list: string[] = [];

  /** `relabel` names where a value came from when not from a flag (option-layers.ts). */
  constructor(private readonly relabel: (message: string) => string = (message) => message) {}

  push(...problems: string[]): void {
    this.list.push(...problems);
  }

  get count(): number {
    return this.list.length;
  }

  /** A whole number >= min, or the fallback (and a problem) when the value is not one. */
  int(flag: string, value: string | undefined, fallback: number, min: number): number {
    if (value === undefined) return fallback;
    const n = INTEGER.test(String(value).trim()) ? Number(value) : NaN;
    if (Number.isSafeInteger(n) && n >= min) return n;
    this.list.push(`${flag} wants a whole number >= ${min}, got '${value}'`);
    return fallback;
  }

  /** A finite number >= min, or the fallback (and a problem). */
  num(flag: string, value: string | undefined, fallback: number, min: number): number {
    if (value === undefined) return fallback;
    const n = DECIMAL.test(String(value).trim()) ? Number(value) : NaN;
    if (Number.isFinite(n) && n >= min) return n;
    this.list.push(`${flag} wants a number >= ${min}, got '${value}'`);
    return fallback;
  }

  /** Seconds of a duration like 90s or 1h30m; the fallback's seconds (and a problem) otherwise. */
  duration(flag: string, value: string | undefined, fallback: string): number {
    const seconds = parseDuration(value ?? fallback);
    if (seconds !== null) return seconds;
    this.list.push(`${flag} wants a duration like 90s, 10m or 1h30m, got '${value}'`);
    return parseDuration(fallback)!;
  }

  /** Every problem as one UsageError (one line), when there is any. */
  throwIfAny(): void {
    const list = this.list.map(this.relabel);
    if (list.length === 0) return;
    throw new UsageError(list.length === 1 ? list[0]! : `${list.length} problems: ${list.join('; ')}`);
  }
}

/** Commander's collector for repeatable flags. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];
