/** Shared by the audit tests: an audit of a demo target started with given flags, and row lookups. */
import { expect } from 'vitest';
import { loadFlowFile } from '../../src/flow-api/load.js';
import type { AuditInput } from '../../src/audit/build.js';
import { runAudit } from '../../src/runner/audit/plan.js';
import { discoverGetRoutes, type ApiRoute } from '../../src/runner/audit/routes.js';
import type { AuditResource, AuditSection, FindingCode } from '../../src/schema/audit.js';
import type { FailureEntry, Summary } from '../../src/schema/summary.js';
import { startDemoTarget, type DemoTargetOptions } from '../../src/target/server.js';

export const API_KEY = { apiKey: 'demo-api-key', apiKeyHeader: 'X-API-Key', loginPath: '/api/token/' };

/** The GET routes of the default flow (flows/erp.ts), as the audit command finds them. */
export async function erpRoutes(): Promise<ApiRoute[]> {
  const { flow } = await loadFlowFile(null);
  return discoverGetRoutes(flow.protocol!);
}

export interface DemoAudit {
  audit: AuditSection;
  /** Requests and page views that failed (HTTP errors, timeouts, login). */
  failures: FailureEntry[];
  /** The audit run's summary.json. */
  summary: Summary;
  /** What the audit was judged from, bodies left out (tests rebuild it, e.g. from sizes alone). */
  input: AuditInput;
  url: string;
  /** The body of a path as the target serves it uncompressed. */
  identityBody(path: string): Promise<Buffer>;
}

/** Starts a demo target with `options`, audits it (pages cold + warm, routes twice), stops it. */
export async function auditDemo(options: DemoTargetOptions, probe: { pages?: string[]; routes?: ApiRoute[] } = {}): Promise<DemoAudit> {
  const target = await startDemoTarget({ port: 0, ...options });
  try {
    const { summary } = await runAudit({
      host: target.url, auth: API_KEY, pages: probe.pages ?? ['/', '/dashboard/'], routes: probe.routes ?? (await erpRoutes()), requestTimeoutMs: 10_000, resultsDir: null,
    });
    const input: AuditInput = { stats: summary.stats, browser: summary.browser, revalidate: summary.audit!.revalidation.requested, exactRepeats: true };
    const bodies = new Map<string, Buffer>();
    for (const path of ['/static/vendor.js', '/api/journal-entries/?page=2']) {
      const res = await fetch(target.url + path, { headers: { 'accept-encoding': 'identity', 'x-api-key': API_KEY.apiKey } });
      bodies.set(path, Buffer.from(await res.arrayBuffer()));
    }
    return { audit: summary.audit!, failures: summary.failures, summary, input, url: target.url, identityBody: async (path) => bodies.get(path)! };
  } finally {
    await target.close();
  }
}

/** A path relative to the target for browser rows, "METHOD name" for protocol rows. */
export function label(r: AuditResource, base: string): string {
  return r.source === 'protocol' ? `${r.method} ${r.url}` : r.url.slice(base.length);
}

export function row(audit: AuditSection, base: string, key: string): AuditResource {
  const found = audit.resources.filter((r) => label(r, base) === key);
  expect(found, key).toHaveLength(1);
  return found[0];
}

/** The labels of the rows carrying a finding code, sorted. */
export function rowsWith(audit: AuditSection, base: string, code: FindingCode): string[] {
  return audit.resources.filter((r) => r.findings.some((f) => f.code === code)).map((r) => label(r, base)).sort();
}

/** Every row's labels and finding codes, for readable failures. */
export function findingMap(audit: AuditSection, base: string): Record<string, string[]> {
  return Object.fromEntries(audit.resources.filter((r) => r.findings.length > 0).map((r) => [label(r, base), r.findings.map((f) => f.code)]));
}

export const ASSETS = ['/static/app.css', '/static/app.js', '/static/vendor.js', '/static/logo.svg'];
export const ERP_GETS = ['GET /api/journal-entries/', 'GET /api/journal-entries/[id]/', 'GET /api/reports/monthly/', 'GET /api/search/'];
