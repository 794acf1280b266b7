/**
 * `browse-load audit --host URL`: a quick check after a deploy, without load. A short run of the
 * runner (src/runner/audit/plan.ts) calls each API route of the flow once and again conditionally,
 * then views the pages cold and warm in Chromium, and stops when that is done; the command prints
 * the run's audit section as the table (or, with --json, the rows as documented in
 * docs/audit-json.md). --strict exits 1 when a should-compress, no-validator or encoding-mismatch finding exists
 * (--strict=cache: a cache-lifetime, validator-ignored or no-vary finding too), or when every row was
 * refused (401/403: those are listed as not audited and never judged);
 * --results-dir keeps the run's summary.json for `browse-load report`.
 * Its target, auth and Chromium flags are the option groups `run` has too.
 */
import { Command, Option } from 'commander';
import { chromiumOption } from '../config/browser-options.js';
import { Problems } from '../config/problems.js';
import { resultsDirOption } from '../config/outputs.js';
import { RUN_CONTROL_DEFAULTS } from '../config/run-control.js';
import { parseTargetAuth, targetAuthOptions, type TargetAuthRaw } from '../config/target-auth.js';
import { EXIT } from '../errors.js';
import { loadFlowFile } from '../flow-api/load.js';
import { strictFailures } from '../audit/build.js';
import { discoverGetRoutes, parseRoutes, type ApiRoute } from '../runner/audit/routes.js';
import { refusedRows } from '../runner/audit/unauthorised.js';
import { renderAuditTable } from '../report/audit/table.js';
import { refusedWords } from '../report/audit/words.js';
import { CACHE_STRICT_CODES, STRICT_CODES } from '../schema/audit.js';
import { withOptions } from './options.js';

export interface RawAuditOptions extends TargetAuthRaw {
  pages?: string;
  browser?: boolean;
  routes?: string;
  flows?: string;
  chromium?: string;
  /** --strict alone: true; --strict=cache: 'cache'. */
  strict?: boolean | string;
  json?: boolean;
  resultsDir?: string;
}

function parsePages(text: string, problems: Problems): string[] {
  const pages = text.split(',').map((s) => s.trim()).filter(Boolean);
  for (const page of pages) if (!page.startsWith('/')) problems.push(`--pages wants paths starting with /, got '${page}'`);
  if (pages.length === 0) problems.push('--pages is empty: give paths like /,/dashboard/ (or --no-browser)');
  return pages;
}

/** Every problem with the options at once, as one UsageError; the settings otherwise. */
export function auditSettings(raw: RawAuditOptions, env: NodeJS.ProcessEnv = process.env) {
  const problems = new Problems();
  const target = parseTargetAuth(raw, env, problems);
  // null: the flow's pages (or the browser users' default pages).
  const pages = raw.browser === false ? [] : raw.pages === undefined ? null : parsePages(raw.pages, problems);
  const routes = raw.routes === undefined ? null : parseRoutes(raw.routes);
  if (routes) problems.push(...routes.problems);
  const strict = raw.strict === undefined || raw.strict === false ? null : raw.strict === true ? [] : raw.strict === 'cache' ? ['cache' as const] : undefined;
  if (strict === undefined) problems.push(`--strict takes no value, or =cache (to fail on ${CACHE_STRICT_CODES.join(', ')} too), got '${String(raw.strict)}'`);
  problems.throwIfAny();
  return { ...target, strict: strict ?? null, executablePath: raw.chromium, flowFile: raw.flows ?? null, pages, routes: routes?.routes ?? null, resultsDir: raw.resultsDir ?? null };
}

function auditOwnOptions(): Option[] {
  return [
    new Option('--pages <list>', "pages to view cold and warm in Chromium (default: the pages of the flow's browser users)"),
    new Option('--no-browser', 'skip the browser views (API routes only)'),
    new Option('--routes <list>', 'API paths to call, e.g. /api/search/?q=cash,/api/journal-entries/ (default: the GET routes of the flow\'s tasks)'),
    new Option('-f, --flows <file>', 'flow file whose pages and GET routes are audited (default flows/erp.ts)'),
    new Option('--strict [cache]', `exit 1 when a finding of ${STRICT_CODES.join(' or ')} exists; --strict=cache: of ${CACHE_STRICT_CODES.join(', ')} too`),
    new Option('--json', 'print the rows as JSON (docs/audit-json.md) instead of the table'),
    resultsDirOption('default: none; keep it for browse-load report'),
  ].map((option) => option.helpGroup('Audit:'));
}

export function auditCommand(): Command {
  const command = new Command('audit').description(
    'Check compression and caching from the client side, without load: cold and warm browser views of the pages, each API route called and repeated conditionally.',
  );
  return withOptions(command, targetAuthOptions(), auditOwnOptions(), [chromiumOption()])
    .addOption(new Option('--debug', 'print stack traces of errors'))
    .action(async (raw: RawAuditOptions) => {
      const code = await runAuditCommand(raw);
      // Stopped by Ctrl-C: the rows so far are printed; in-flight work is not waited for.
      if (code === EXIT.stoppedByUser) process.exit(code);
      process.exitCode = code;
    });
}

/**
 * The command's work; returns the exit code (errors are thrown as UsageError / CannotRunError):
 * 3 when Ctrl-C stopped it (the rows so far are printed), else 1 for a --strict finding, else 0.
 */
export async function runAuditCommand(raw: RawAuditOptions, out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  const settings = auditSettings(raw);
  // The runner and the browser users are loaded when an audit starts, so the CLI's start does not pay for them.
  const [{ AUDIT_TIME_BOUND_S, runAudit }, { DEFAULT_PAGES }] = await Promise.all([import('../runner/audit/plan.js'), import('../browser/user.js')]);
  const loaded = settings.routes === null || settings.pages === null ? await loadFlowFile(settings.flowFile) : null;
  const flow = loaded?.flow ?? null;
  const pages = settings.pages ?? [...(flow?.browser?.pages ?? DEFAULT_PAGES)].filter((page) => page !== 'about:blank');
  let routes: ApiRoute[] = settings.routes ?? [];
  if (settings.routes === null && flow?.protocol) routes = await discoverGetRoutes(flow.protocol, RUN_CONTROL_DEFAULTS.seed);
  const { summary, ending } = await runAudit({
    host: settings.host, auth: settings.auth, pages, routes, requestTimeoutMs: settings.requestTimeoutMs, maxRedirects: settings.maxRedirects, transport: settings.transport, executablePath: settings.executablePath,
    resultsDir: settings.resultsDir, flowFile: settings.flowFile, flowSource: loaded?.source ?? '--pages and --routes',
  });
  const audit = summary.audit!;
  for (const f of summary.failures) err.write(`browse-load: audit: ${f.method} ${f.name}: ${f.error}${f.occurrences > 1 ? ` (${f.occurrences}×)` : ''}\n`);
  for (const e of summary.exceptions) err.write(`browse-load: audit: flow error: ${e.message}\n`);
  if (summary.run.stoppedBy === 'signal') err.write('browse-load: audit: stopped before it was done; the rows cover what it saw\n');
  if (summary.run.stoppedBy === 'duration') err.write(`browse-load: audit: not done after ${AUDIT_TIME_BOUND_S} s; the rows cover what it saw\n`);
  out.write(raw.json ? `${JSON.stringify(audit.resources, null, 2)}\n` : renderAuditTable(audit, settings.host));
  const refused = refusedRows(audit, settings.auth);
  for (const r of refused.refused) {
    const line = `${r.source === 'protocol' ? `${r.method ?? 'GET'} ${r.url}` : r.url}: ${refusedWords(r.status!, refused.credentialsGiven)}`;
    // With --json, stdout stays one JSON document: the note goes to stderr.
    if (raw.json) err.write(`browse-load: audit: ${line}\n`);
    else out.write(`${line}\n`);
  }
  if (ending !== 'completed') return EXIT.stoppedByUser;
  if (settings.strict === null) return EXIT.ok;
  if (refused.nothingAudited) {
    err.write(`browse-load: audit: nothing could be audited: every row answered 401/403 (${refused.credentialsGiven ? 'the credentials given were refused' : 'no credentials given: --api-key, or --username and --password'})\n`);
    return EXIT.thresholdFailed;
  }
  return strictFailures(refused.judged, settings.strict).length > 0 ? EXIT.thresholdFailed : EXIT.ok;
}
