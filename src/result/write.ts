/** Writes summary.json, with a last guard that no secret of the run reached the file. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Summary } from './summary.js';

export function writeSummary(summary: Summary, runDir: string, secrets: readonly string[]): string {
  mkdirSync(runDir, { recursive: true });
  let text = JSON.stringify(summary, null, 1);
  // The options are already redacted; this catches a secret that a flow put into a name or an
  // error. Secrets under 4 characters are left alone: replacing them would mangle the JSON.
  for (const secret of secrets) if (secret.length >= 4) text = text.split(secret).join('[redacted]');
  const path = join(runDir, 'summary.json');
  writeFileSync(path, text);
  return path;
}

/** results/20261127-093012 style id, sortable, one per second. */
export function newRunId(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
}
