/** Response checks for RequestOptions.checks; each returns a failure message or null. */
import type { Check, HttpResponse } from './api.js';

/** The status is one of the given codes. */
export function status(...codes: number[]): Check {
  return (res) => (codes.includes(res.status) ? null : `status ${res.status}, expected ${codes.join(' or ')}`);
}

/** The body contains the text. */
export function bodyContains(text: string): Check {
  return (res) => (res.text().includes(text) ? null : `body does not contain ${JSON.stringify(text)}`);
}

/** A JSON field (dotted path, array indexes allowed: "results.0.id") exists and passes the test. */
// Stryker disable next-line ConditionalExpression: the default test only ever sees a value that is not undefined (checked first)
export function jsonField(path: string, test: (value: unknown) => boolean = (v) => v !== undefined): Check {
  const parts = path.split('.');
  return (res: HttpResponse) => {
    let value: unknown;
    try {
      value = res.json();
    } catch {
      return `body is not JSON (wanted field ${path})`;
    }
    for (const part of parts) {
      if (value === null || typeof value !== 'object') return `JSON field ${path} is missing`;
      value = (value as Record<string, unknown>)[part];
    }
    if (value === undefined) return `JSON field ${path} is missing`;
    // Stryker disable next-line OptionalChaining: a value parsed from JSON always stringifies to a string
    return test(value) ? null : `JSON field ${path} failed its check (value ${JSON.stringify(value)?.slice(0, 60)})`;
  };
}
