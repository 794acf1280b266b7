import { UsageError } from '../../errors.js';

/** "--tolerance 5%" or "5": a relative change in percent, 0–1000. */
export function parseTolerance(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*%?\s*$/.exec(text);
  const value = match ? Number(match[1]) : NaN;
  if (!Number.isFinite(value) || value > 1000) {
    throw new UsageError(`--tolerance: "${text}" is not a percentage; use e.g. --tolerance 5%`);
  }
  return value;
}
