/** Writes summary.json; and the redaction every rendered form of a run goes through first. */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Summary } from '../schema/summary.js';

/**
 * The summary with every secret of the run replaced by "[redacted]". The options are already
 * redacted; this catches a secret that reached a name (a token in a URL), an error or a header.
 * Reports, CSVs and the terminal are rendered from the redacted summary, so they agree with
 * summary.json. Secrets under 4 characters are left alone: replacing them would mangle the JSON.
 */
export function redactSecrets(summary: Summary, secrets: readonly string[]): Summary {
  const effective = secrets.filter((secret) => secret.length >= 4);
  if (effective.length === 0) return summary;
  let text = JSON.stringify(summary);
  for (const secret of effective) text = text.split(JSON.stringify(secret).slice(1, -1)).join('[redacted]');
  return JSON.parse(text) as Summary;
}

/**
 * Writes summary.json atomically: a temporary file in the same folder, then a rename over the old
 * one, so a reader (or a kill -9 mid-write) sees the previous checkpoint or the new one, whole.
 */
export function writeSummary(summary: Summary, runDir: string): string {
  mkdirSync(runDir, { recursive: true });
  const path = join(runDir, 'summary.json');
  const temporary = join(runDir, `.summary.json.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, JSON.stringify(summary, null, 1));
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
  return path;
}

/** results/20261127-093012 style id, sortable, one per second. */
export function newRunId(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
}
