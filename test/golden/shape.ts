/**
 * The shape of a summary.json: every field path, arrays and maps keyed by data (names, status
 * codes, encodings) collapsed, so two runs of one plan have the same shape whatever their figures.
 */
import type { Summary } from '../../src/schema/summary.js';

/** Objects whose keys are data, not field names. */
const KEYED_BY_DATA = new Set(['byName', 'statusCodes', 'statuses', 'encodings', 'xCache', 'xCacheLatency', 'percentiles', 'findingCounts', 'headers', 'metrics']);

export function fieldPaths(summary: Summary): string[] {
  const paths = new Set<string>();
  const walk = (value: unknown, path: string, parentKey: string) => {
    if (Array.isArray(value)) {
      for (const item of value) walk(item, `${path}[]`, '');
      return;
    }
    if (value === null || typeof value !== 'object') {
      paths.add(`${path}: ${value === null ? 'null' : typeof value}`);
      return;
    }
    for (const [key, child] of Object.entries(value)) {
      if (child === undefined) continue;
      walk(child, `${path}.${KEYED_BY_DATA.has(parentKey) ? '*' : key}`, key);
    }
  };
  // run.options mirrors the RunConfig: its own golden is the options table in the docs.
  walk({ ...summary, run: { ...summary.run, options: {} } }, '', '');
  // A field that is sometimes null and sometimes a number is one field.
  const merged = new Map<string, Set<string>>();
  for (const p of paths) {
    const [field, type] = p.split(': ');
    (merged.get(field) ?? merged.set(field, new Set()).get(field)!).add(type);
  }
  return [...merged.entries()].map(([field, types]) => `${field}: ${[...types].filter((t) => t !== 'null').sort().join('|') || 'null'}`).sort();
}
