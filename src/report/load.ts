/**
 * Reads a run's summary.json for the report commands: a run folder or the file itself. Every
 * problem is a one-line UsageError (exit 2), never a stack trace.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { AUDIT_SCHEMA_VERSION } from '../schema/audit.js';
import { SUMMARY_SCHEMA_VERSION, type Summary } from '../schema/summary.js';

export interface LoadedSummary {
  summary: Summary;
  /** The summary.json that was read. */
  file: string;
  /** The run folder holding it (where report.html goes). */
  runDir: string;
}

/** Resolves RUN (a folder with summary.json, or a summary.json path) and validates it. */
export async function loadSummary(run: string): Promise<LoadedSummary> {
  const file = await summaryPath(run);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file} is not valid JSON (${(error as Error).message.split('\n')[0]})`);
  }
  return { summary: validateSummary(parsed, file), file, runDir: join(file, '..') };
}

async function summaryPath(run: string): Promise<string> {
  let info;
  try {
    info = await stat(run);
  } catch {
    throw new UsageError(`no run at ${run}: expected a run folder containing summary.json, or a summary.json file`);
  }
  if (!info.isDirectory()) return run;
  const file = join(run, 'summary.json');
  let found;
  try {
    found = await stat(file);
  } catch {
    throw new UsageError(`${run} has no summary.json: is it a browse-load run folder?`);
  }
  if (found.isDirectory()) throw new UsageError(`${file} is a folder, not a summary file: is ${run} a browse-load run folder?`);
  return file;
}

/** Checks the shape the renderers rely on; the message names the first missing part. */
export function validateSummary(value: unknown, file = 'summary.json'): Summary {
  if (!isObject(value)) throw new UsageError(`${file} is not a browse-load summary (not an object)`);
  const v = value as Record<string, unknown>;
  if (!('schemaVersion' in v)) throw new UsageError(`${file} is not a browse-load summary (it has no schemaVersion)`);
  if (typeof v.schemaVersion === 'number' && v.schemaVersion > SUMMARY_SCHEMA_VERSION) {
    throw new UsageError(
      `${file} has schemaVersion ${v.schemaVersion}, newer than the ${SUMMARY_SCHEMA_VERSION} this browse-load reads: it was written by a newer browse-load, upgrade to read it`,
    );
  }
  if (v.schemaVersion !== SUMMARY_SCHEMA_VERSION) {
    throw new UsageError(
      `${file} has schemaVersion ${JSON.stringify(v.schemaVersion ?? null)}; this browse-load reads version ${SUMMARY_SCHEMA_VERSION}`,
    );
  }
  const required: Array<[string, (x: unknown) => boolean]> = [
    ['run', isObject],
    ['stats', Array.isArray],
    ['aggregate', isObject],
    ['timeSeries', (x) => isObject(x) && Array.isArray((x as Record<string, unknown>).points)],
    ['failures', Array.isArray],
    ['exceptions', Array.isArray],
    ['generator', isObject],
    ['thresholds', Array.isArray],
  ];
  for (const [key, ok] of required) {
    if (!ok(v[key])) throw new UsageError(`${file} is missing or has a malformed "${key}" section`);
  }
  return withReadableAudit(value as Summary);
}

/**
 * An audit section of another version (version 1 worded its findings; version 2 carries their
 * numbers) cannot be worded again: the reports leave it out and say so, instead of refusing the run.
 */
function withReadableAudit(summary: Summary): Summary {
  const version: unknown = summary.audit?.version;
  if (summary.audit === undefined || version === AUDIT_SCHEMA_VERSION) return summary;
  const { audit: _unreadable, ...rest } = summary;
  const warning = `the audit section is version ${JSON.stringify(version ?? null)}; this browse-load reads version ${AUDIT_SCHEMA_VERSION}, so the reports leave it out (run browse-load audit for a fresh one)`;
  return { ...rest, warnings: [...(Array.isArray(summary.warnings) ? summary.warnings : []), warning] };
}

function isObject(x: unknown): boolean {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
