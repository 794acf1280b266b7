/**
 * buildAudit: the whole audit from what a run (or the audit command) observed. Pure: the
 * runner calls it at the end of every run with the stats and the browser section; bodies, when
 * given, make the compression savings exact (re-gzip) instead of estimated.
 */
import type { BrowserSection, FailureEntry, LatencySummary, NetworkProfile, StatEntry } from '../schema/summary.js';
import { encodingMismatches, routeKey } from './encoding-mismatch.js';
import { cacheFindings } from './caching.js';
import { cacheLifetime, lifetimeFinding } from './cache-lifetime.js';
import { probeKey, validatorFinding } from './validators.js';
import { varyFinding } from './vary.js';
import { throttledProfiles, timeSaved, withTimeSaved } from './time-saved.js';
import { isCompressing, judgeCompression, type CompressionJudgement } from './compression.js';
import { browserDrafts, protocolDrafts, type Draft } from './rows.js';
import { repeatsFromXCache, serverCache, warmupEffect, type WarmupInput } from './server-cache.js';
import { pageViewKey, pageViews } from './page-views.js';
import {
  AUDIT_SCHEMA_VERSION, CACHE_STRICT_CODES, STRICT_CODES,
  type AuditFinding, type AuditResource, type AuditRevalidation, type CacheLifetime, type EncodingMismatchFinding, type RevalidationProbe, type AuditSavings, type AuditSection, type FindingCode, type RepeatTiming,
} from '../schema/audit.js';

export type { WarmupInput };

export interface AuditInput {
  stats: StatEntry[];
  /** The run's failures: bodies that did not decode are found here (encoding-mismatch). */
  failures?: readonly FailureEntry[];
  /** The aggregate row's latency, for the warm-up comparison. */
  aggregate?: LatencySummary;
  browser?: BrowserSection;
  /** The warm-up phase's figures (RunConfig --warmup), to show cold-server vs warm-server latency. */
  warmup?: WarmupInput;
  /** Decoded bodies by absolute URL (browser rows) or route name (protocol rows). */
  bodies?: Map<string, Buffer>;
  /** Protocol users repeated every GET conditionally (--revalidate). */
  revalidate?: boolean;
  /** Each GET was repeated with exactly the same request (the audit command): no 304 is a finding. */
  exactRepeats?: boolean;
  /** First call versus repeat per name, when timed (the audit command). */
  repeats?: RepeatTiming[];
  /** The validator probes (src/runner/audit/validators.ts), by probeKey(source, row url). */
  probes?: Map<string, RevalidationProbe>;
  /** Clock for Expires and the heuristic lifetime (tests). */
  now?: number;
}

/** What judging one draft needs besides the draft. */
interface JudgeContext {
  elsewhere: Draft | null;
  body: Buffer | undefined;
  mismatch: EncodingMismatchFinding | undefined;
  probe: RevalidationProbe | undefined;
  now: number;
  /** The run's throttled network profiles: browser rows' savings are priced in time under each. */
  profiles: readonly NetworkProfile[];
}

interface Judged {
  draft: Draft;
  row: AuditResource;
  /** Responses per row that potentialSavingBytes applies to. */
  savingWeight: number;
}

/** The other kind of client's view of the same path, when it got the path compressed. */
function elsewhereOf(d: Draft, others: Map<string, Draft>): Draft | null {
  if (d.matchPath === null) return null;
  const other = others.get(d.matchPath);
  return other && isCompressing(other.encoding) ? other : null;
}

function byPath(drafts: Draft[]): Map<string, Draft> {
  const map = new Map<string, Draft>();
  for (const d of drafts) {
    if (d.matchPath === null) continue;
    const seen = map.get(d.matchPath);
    // Prefer a compressed sighting: it is the evidence that the server compresses.
    if (!seen || (!isCompressing(seen.encoding) && isCompressing(d.encoding))) map.set(d.matchPath, d);
  }
  return map;
}

/** The compression verdict; a protocol row's encoded responses count when its uncompressed ones are fine. */
function judgeRowCompression(d: Draft, elsewhere: Draft | null, body: Buffer | undefined): { c: CompressionJudgement; weight: number } {
  const c = judgeCompression({
    ...d.sample,
    body,
    elsewhere: elsewhere ? { side: elsewhere.source, encoding: elsewhere.encoding, wireBytes: elsewhere.wireBytes, decodedBytes: elsewhere.decodedBytes } : null,
  });
  if (d.encodedSample && c.findings.length === 0) return { c: judgeCompression(d.encodedSample), weight: 0 };
  return { c, weight: d.sampleCount };
}

/** Browser rows' lifetime; a protocol row has no resource type, which the rule needs (null). */
function lifetimeOf(d: Draft, now: number): CacheLifetime | null {
  const sharedCache = d.headers.age !== null || Object.keys(d.headers.xCache).some((v) => /\bhit\b/i.test(v));
  return cacheLifetime({
    url: d.url, resourceType: d.resourceType, status: d.status, sharedCache, wireBytes: d.wireBytes, now,
    headers: { cacheControl: d.headers.cacheControl, expires: d.headers.expires, lastModified: d.lastModifiedAt },
  });
}

/** The caching findings: the warm view's and the headers' (caching.ts), lifetime, validator probe, Vary. */
function cachingFindings(d: Draft, x: JudgeContext, lifetime: CacheLifetime | null): AuditFinding[] {
  const encodings = [...Object.keys(d.encodings ?? { [d.encoding]: 1 }), ...(x.elsewhere ? [x.elsewhere.encoding] : [])];
  const extra: (AuditFinding | null)[] = [
    lifetime ? lifetimeFinding(lifetime, d.wireBytes) : null,
    x.probe ? validatorFinding(x.probe) : null,
    varyFinding({ status: d.status, vary: d.headers.vary, encodings }),
  ];
  return [...cacheFindings(d.cacheSubject), ...extra.filter((f): f is AuditFinding => f !== null)];
}

function judge(d: Draft, x: JudgeContext): Judged {
  const { c, weight } = judgeRowCompression(d, x.elsewhere, x.body);
  const lifetime = d.notAudited ? null : lifetimeOf(d, x.now);
  // A body that does not decode has no decoded size to judge compression by: the mismatch is the finding.
  // An error page is not the content: listed, not judged.
  const compression = x.mismatch ? [x.mismatch] : d.source === 'browser' ? withTimeSaved(c.findings, x.profiles) : c.findings;
  const findings = d.notAudited ? [] : [...compression, ...cachingFindings(d, x, lifetime)];
  const row: AuditResource = {
    url: d.url,
    source: d.source,
    ...(d.method !== undefined ? { method: d.method } : {}),
    ...(d.page !== undefined ? { page: d.page, pages: d.pages } : {}),
    ...(d.resourceType !== undefined ? { resourceType: d.resourceType } : {}),
    contentType: d.contentType,
    status: d.status,
    compression: c.verdict,
    wireBytes: d.wireBytes,
    decodedBytes: d.decodedBytes,
    encoding: d.encoding,
    ...(d.encodings !== undefined ? { encodings: d.encodings } : {}),
    ratio: d.decodedBytes > 0 ? Math.round((d.wireBytes / d.decodedBytes) * 1000) / 1000 : null,
    gzipBytes: c.gzipBytes,
    potentialSavingBytes: d.notAudited ? 0 : c.savingBytes,
    savingMethod: c.method,
    compressionEvidence: c.evidence,
    cache: d.cache,
    promisedCache: d.promisedCache,
    headers: d.headers,
    count: d.count,
    ...(d.notModified !== undefined ? { notModified: d.notModified } : {}),
    findings,
    ...(lifetime ? { lifetime } : {}),
    ...(x.probe ? { revalidation: x.probe } : {}),
    ...(d.notAudited ? { notAudited: d.notAudited } : {}),
  };
  return { draft: d, row, savingWeight: d.notAudited ? 0 : weight };
}

/** Views of each (page, view): from the page stats (every profile's), else the most loads of any one resource. */
function viewCounts(browser: BrowserSection): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of browser.resources) {
    const key = pageViewKey(r.page, r.view);
    counts.set(key, Math.max(counts.get(key) ?? 1, r.count));
  }
  for (const [key, views] of pageViews(browser.pages)) counts.set(key, views);
  return counts;
}

function savings(judged: Judged[], browser: BrowserSection | undefined, profiles: readonly NetworkProfile[]): AuditSavings {
  const savingByUrl = new Map<string, number>();
  for (const { row } of judged) if (row.source === 'browser') savingByUrl.set(row.url, row.potentialSavingBytes);
  const perView = new Map<string, AuditSavings['perPageView'][number]>();
  if (browser) {
    for (const r of browser.resources) {
      const key = pageViewKey(r.page, r.view);
      const entry = perView.get(key) ?? { page: r.page, view: r.view, bytes: 0 };
      perView.set(key, entry);
      if (r.servedFrom === 'network' && r.status < 400) entry.bytes += (savingByUrl.get(r.url) ?? 0) * r.count;
    }
    const views = viewCounts(browser);
    for (const [key, entry] of perView) {
      entry.bytes = Math.round(entry.bytes / (views.get(key) ?? 1));
      if (entry.bytes > 0 && profiles.length > 0) entry.timeSaved = timeSaved(entry.bytes, profiles);
    }
  }
  let apiCalls = 0;
  let apiSaved = 0;
  for (const { draft, row, savingWeight } of judged) {
    if (row.source !== 'protocol') continue;
    apiCalls += draft.count;
    apiSaved += row.potentialSavingBytes * savingWeight;
  }
  return { perPageView: [...perView.values()], per1000ApiCalls: apiCalls > 0 ? Math.round((apiSaved / apiCalls) * 1000) : 0, apiCalls };
}

function revalidation(judged: Judged[], requested: boolean): AuditRevalidation {
  const routes = judged
    // Browser rows have no method.
    .filter(({ row }) => row.method === 'GET' && row.cache !== 'not-repeated' && !row.notAudited)
    .map(({ row }) => ({ name: row.url, calls: row.count, notModified: row.notModified ?? 0, etag: row.headers.etag, lastModified: row.headers.lastModified }));
  return { requested, routes, answering304: routes.filter((r) => r.notModified > 0).map((r) => r.name) };
}

export function buildAudit(input: AuditInput): AuditSection {
  const ctx = { revalidate: input.revalidate ?? false, exactRepeats: input.exactRepeats ?? false, now: input.now ?? Date.now() };
  const browser = input.browser ? browserDrafts(input.browser, ctx) : [];
  const protocol = protocolDrafts(input.stats, ctx);
  const browserByPath = byPath(browser);
  const protocolByPath = byPath(protocol);
  const mismatches = encodingMismatches(input.failures ?? []);
  const profiles = throttledProfiles(input.browser);
  const context = (draft: Draft, others: Map<string, Draft>, mismatch?: EncodingMismatchFinding): JudgeContext => ({
    elsewhere: elsewhereOf(draft, others), body: input.bodies?.get(draft.url), mismatch, probe: input.probes?.get(probeKey(draft.source, draft.url)), now: ctx.now, profiles,
  });
  const judged: Judged[] = [
    ...browser.map((draft) => judge(draft, context(draft, protocolByPath))),
    ...protocol.map((draft) => judge(draft, context(draft, browserByPath, mismatches.get(routeKey(draft.method, draft.url))))),
  ];
  const notServed = new Set(protocol.filter((d) => d.notAudited).map((d) => d.url));
  const findingCounts: Partial<Record<FindingCode, number>> = {};
  for (const { row } of judged) for (const f of row.findings) findingCounts[f.code] = (findingCounts[f.code] ?? 0) + 1;
  const warmup = input.warmup ? warmupEffect(input.warmup, input.stats, input.aggregate) : null;
  return {
    version: AUDIT_SCHEMA_VERSION,
    resources: judged.map((j) => j.row),
    savings: savings(judged, input.browser, profiles),
    revalidation: revalidation(judged, ctx.revalidate),
    // Error pages say nothing about the server's cache of the content.
    serverCache: serverCache(protocol.concat(browser).filter((d) => !d.notAudited), (input.repeats ?? repeatsFromXCache(input.stats)).filter((r) => !notServed.has(r.name)), warmup),
    findingCounts,
  };
}

/** The rows whose findings make `audit --strict` fail; `cache` adds the caching codes (--strict=cache). */
export function strictFailures(audit: AuditSection, groups: readonly 'cache'[] = []): AuditResource[] {
  const codes = groups.includes('cache') ? [...STRICT_CODES, ...CACHE_STRICT_CODES] : STRICT_CODES;
  return audit.resources.filter((r) => r.findings.some((f) => codes.includes(f.code)));
}
