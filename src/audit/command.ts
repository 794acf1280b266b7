/**
 * `browse-load audit --host URL`: a quick check after a deploy, without load. Views the pages cold
 * and warm in Chromium, calls each API route of the flow once and again conditionally, and prints
 * the compression and caching verdicts (or, with --json, the rows as documented in
 * docs/audit-json.md). --strict exits 1 when a should-compress or no-validator finding exists.
 */
import { Command, Option } from 'commander';
import { buildRunConfig } from '../config/run-config.js';
import { EXIT, UsageError } from '../errors.js';
import { DEFAULT_PAGES } from '../browser/user.js';
import { loadFlowFile } from '../flow-api/load.js';
import { checkReachable } from '../runner/preflight.js';
import { strictFailures } from './build.js';
import { probeAudit } from '../runner/audit/probe.js';
import { discoverGetRoutes, parseRoutes, type ApiRoute } from '../runner/audit/routes.js';
import { renderAuditTable } from '../report/audit/table.js';
import { STRICT_CODES } from '../schema/audit.js';

export interface RawAuditOptions {
  host?: string;
  apiKey?: string;
  apiKeyHeader?: string;
  username?: string;
  password?: string;
  loginPath?: string;
  pages?: string;
  browser?: boolean;
  routes?: string;
  flows?: string;
  chromium?: string;
  requestTimeout?: string;
  strict?: boolean;
  json?: boolean;
}

function parsePages(text: string, problems: string[]): string[] {
  const pages = text.split(',').map((s) => s.trim()).filter(Boolean);
  for (const page of pages) if (!page.startsWith('/')) problems.push(`--pages wants paths starting with /, got '${page}'`);
  if (pages.length === 0) problems.push('--pages is empty: give paths like /,/dashboard/ (or --no-browser)');
  return pages;
}

/** Every problem with the options at once, as one UsageError; the settings otherwise. */
export function auditSettings(raw: RawAuditOptions, env: NodeJS.ProcessEnv = process.env) {
  const problems: string[] = [];
  // null: the flow's pages (or the browser users' default pages).
  const pages = raw.browser === false ? [] : raw.pages === undefined ? null : parsePages(raw.pages, problems);
  const routes = raw.routes === undefined ? null : parseRoutes(raw.routes);
  if (routes) problems.push(...routes.problems);
  let config: ReturnType<typeof buildRunConfig> | null = null;
  try {
    config = buildRunConfig(
      { host: raw.host, apiKey: raw.apiKey, apiKeyHeader: raw.apiKeyHeader, username: raw.username, password: raw.password, loginPath: raw.loginPath, flows: raw.flows, chromium: raw.chromium, requestTimeout: raw.requestTimeout },
      env,
    );
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    problems.unshift(error.message);
  }
  if (problems.length > 0 || config === null) throw new UsageError(problems.join('; '));
  return { config, pages, routes: routes?.routes ?? null };
}

export function auditCommand(): Command {
  return new Command('audit')
    .description('Check compression and caching from the client side, without load: cold and warm browser views of the pages, each API route called and repeated conditionally.')
    .option('-H, --host <url>', 'base URL of the system under test (env HOST, LOCUST_HOST)')
    .option('--api-key <key>', 'API key for /api/* (env BROWSE_LOAD_API_KEY, LOCUST_API_KEY)')
    .option('--api-key-header <name>', 'header that carries the API key (default X-API-Key)')
    .option('--username <name>', 'JWT login user (env LOCUST_USERNAME)')
    .option('--password <password>', 'JWT login password (env LOCUST_PASSWORD)')
    .option('--login-path <path>', 'JWT login path (default /api/token/)')
    .option('--pages <list>', `pages to view cold and warm in Chromium (default: the flow's pages, else ${DEFAULT_PAGES.join(',')})`)
    .option('--no-browser', 'skip the browser views (API routes only)')
    .option('--routes <list>', 'API paths to call, e.g. /api/search/?q=cash,/api/journal-entries/ (default: the GET routes of the flow\'s tasks)')
    .option('-f, --flows <file>', 'flow file whose pages and GET routes are audited (default flows/erp.ts)')
    .option('--chromium <path>', 'Chromium binary (env CHROMIUM_PATH; default chromium-headless-shell, then chromium)')
    .option('--request-timeout <duration>', 'per-request timeout (default 30s)')
    .option('--strict', `exit 1 when a finding of ${STRICT_CODES.join(' or ')} exists`)
    .option('--json', 'print the rows as JSON (docs/audit-json.md) instead of the table')
    .addOption(new Option('--debug', 'print stack traces of errors'))
    .action(async (raw: RawAuditOptions) => {
      process.exitCode = await runAuditCommand(raw);
    });
}

/** The command's work; returns the exit code (errors are thrown as UsageError / CannotRunError). */
export async function runAuditCommand(raw: RawAuditOptions, out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  const settings = auditSettings(raw);
  const { config } = settings;
  const flow = settings.routes === null || settings.pages === null ? (await loadFlowFile(config.flowFile)).flow : null;
  const pages = settings.pages ?? [...(flow?.browser?.pages ?? DEFAULT_PAGES)].filter((page) => page !== 'about:blank');
  let routes: ApiRoute[] = settings.routes ?? [];
  if (settings.routes === null && flow?.protocol) routes = await discoverGetRoutes(flow.protocol, config.seed);
  await checkReachable(config.host);
  const { audit, failures } = await probeAudit({
    host: config.host, auth: config.auth, pages, routes, requestTimeoutMs: config.requestTimeoutMs, executablePath: config.browser.executablePath,
  });
  for (const f of failures) err.write(`browse-load: audit: ${f.method} ${f.name}: ${f.error}${f.occurrences > 1 ? ` (${f.occurrences}×)` : ''}\n`);
  out.write(raw.json ? `${JSON.stringify(audit.resources, null, 2)}\n` : renderAuditTable(audit, config.host));
  return raw.strict && strictFailures(audit).length > 0 ? EXIT.thresholdFailed : EXIT.ok;
}
