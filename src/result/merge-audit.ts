/**
 * The audit section of merged runs. Rows meet by their key (source, method, URL or route):
 * counts add up, per-response means are weighted by count, findings are combined by code (a
 * finding's other fields are kept as the first part wrote them) and `findingCounts` counted
 * again over the merged rows. Verdicts are not judged again: the earliest part's stand.
 */
import type { AuditFinding, AuditResource, AuditSavings, AuditSection, AuditServerCache, FindingCode, WarmupEffect } from '../schema/audit.js';
import type { BrowserSection } from '../schema/summary.js';
import { groupBy, weightedMean } from './merge-browser.js';
import { throttledProfiles, timeSaved } from '../audit/time-saved.js';
import { pageViewKey, pageViews } from '../audit/page-views.js';

export interface AuditPart {
  audit: AuditSection;
  /** The part's browser section: its page views weigh its per-view savings. */
  browser?: BrowserSection;
}

export function mergeAudit(parts: AuditPart[]): AuditSection | undefined {
  if (parts.length === 0) return undefined;
  // Stryker disable next-line StringLiteral: any stand-in for a browser row's missing method keys the rows alike
  const resources = groupBy(parts.flatMap((p) => p.audit.resources), (r) => `${r.source}\u0000${r.method ?? ''}\u0000${r.url}`).map(mergeRows);
  return {
    version: parts[0].audit.version,
    resources,
    savings: mergeSavings(parts),
    revalidation: mergeRevalidation(parts.map((p) => p.audit.revalidation)),
    serverCache: mergeServerCache(parts.map((p) => p.audit.serverCache)),
    findingCounts: countFindings(resources),
  };
}

function sumCounts(all: (Record<string, number> | undefined)[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const counts of all) for (const [k, v] of Object.entries(counts ?? {})) out[k] = (out[k] ?? 0) + v;
  return out;
}

function maxOrNull(values: (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length ? Math.max(...known) : null;
}

function mergeRows(group: AuditResource[]): AuditResource {
  const first = group[0];
  if (group.length === 1) return first;
  const count = (r: AuditResource) => r.count;
  const wireBytes = weightedMean(group, (r) => r.wireBytes, count);
  const decodedBytes = weightedMean(group, (r) => r.decodedBytes, count);
  const gzipped = group.filter((r) => r.gzipBytes !== null);
  const merged: AuditResource = {
    ...first,
    wireBytes,
    decodedBytes,
    ratio: decodedBytes > 0 ? Math.round((wireBytes / decodedBytes) * 1000) / 1000 : null,
    gzipBytes: gzipped.length ? weightedMean(gzipped, (r) => r.gzipBytes!, count) : null,
    potentialSavingBytes: weightedMean(group, (r) => r.potentialSavingBytes, count),
    headers: {
      ...first.headers,
      age: maxOrNull(group.map((r) => r.headers.age)),
      xCache: sumCounts(group.map((r) => r.headers.xCache)),
    },
    count: group.reduce((n, r) => n + r.count, 0),
    findings: mergeFindings(group.flatMap((r) => r.findings)),
  };
  if (group.some((r) => r.pages)) merged.pages = [...new Set(group.flatMap((r) => r.pages ?? []))];
  if (group.some((r) => r.encodings)) merged.encodings = sumCounts(group.map((r) => r.encodings));
  if (group.some((r) => r.notModified !== undefined)) merged.notModified = group.reduce((n, r) => n + (r.notModified ?? 0), 0);
  // A row is an error page only where every part saw nothing else; a probe or lifetime from any part that had one.
  if (!group.every((r) => r.notAudited)) delete merged.notAudited;
  const revalidation = group.find((r) => r.revalidation)?.revalidation;
  if (revalidation) merged.revalidation = revalidation;
  const lifetime = group.find((r) => r.lifetime)?.lifetime;
  if (lifetime) merged.lifetime = lifetime;
  return merged;
}

/** One finding per code, as the first part that had it wrote it. */
function mergeFindings(all: AuditFinding[]): AuditFinding[] {
  const byCode = new Map<FindingCode, AuditFinding>();
  for (const f of all) if (!byCode.has(f.code)) byCode.set(f.code, f);
  return [...byCode.values()];
}

function countFindings(rows: AuditResource[]): Partial<Record<FindingCode, number>> {
  const counts: Partial<Record<FindingCode, number>> = {};
  for (const row of rows) for (const f of row.findings) counts[f.code] = (counts[f.code] ?? 0) + 1;
  return counts;
}

/** Per-view savings weighted by each part's views of that page; per-1000-calls by API calls. */
function mergeSavings(parts: AuditPart[]): AuditSavings {
  type Weighted = AuditSavings['perPageView'][number] & { views: number };
  const perView: Weighted[] = parts.flatMap(({ audit, browser }) => {
    const views = browser ? pageViews(browser.pages) : null;
    return audit.savings.perPageView.map((s) => ({ ...s, views: viewsOf(browser, views, s.page, s.view) }));
  });
  // The merged bytes priced again under every part's throttled profiles (each once, by name).
  const profiles = [...new Map(parts.flatMap((p) => throttledProfiles(p.browser)).map((profile) => [profile.name, profile])).values()];
  const perPageView = groupBy(perView, (s) => `${s.page}\u0000${s.view}`).map((group) => {
    const bytes = weightedMean(group, (s) => s.bytes, (s) => s.views);
    const priced = bytes > 0 ? timeSaved(bytes, profiles) : [];
    return { page: group[0].page, view: group[0].view, bytes, ...(priced.length ? { timeSaved: priced } : {}) };
  });
  const savings = parts.map((p) => p.audit.savings);
  return {
    perPageView,
    per1000ApiCalls: weightedMean(savings, (s) => s.per1000ApiCalls, (s) => s.apiCalls),
    apiCalls: savings.reduce((n, s) => n + s.apiCalls, 0),
  };
}

/** `views`: the part's views per (page, view), from pageViews once per part. */
function viewsOf(browser: BrowserSection | undefined, views: Map<string, number> | null, page: string, view: 'cold' | 'warm'): number {
  if (!browser || !views) return 1;
  // By name (every profile's views of it), else a row of that view whose URL is the page; without
  // the views, each part weighs the same.
  return views.get(pageViewKey(page, view)) ?? browser.pages.find((p) => p.view === view && p.url === page)?.views ?? 1;
}

function mergeRevalidation(all: AuditSection['revalidation'][]): AuditSection['revalidation'] {
  const routes = groupBy(all.flatMap((r) => r.routes), (r) => r.name).map((group) => ({
    name: group[0].name,
    calls: group.reduce((n, r) => n + r.calls, 0),
    notModified: group.reduce((n, r) => n + r.notModified, 0),
    etag: group.some((r) => r.etag),
    lastModified: group.some((r) => r.lastModified),
  }));
  return {
    requested: all.every((r) => r.requested),
    routes,
    answering304: routes.filter((r) => r.notModified > 0).map((r) => r.name),
  };
}

/** X-Cache counts add up; first and repeat timings are the earliest part's; warm-up effects merge like warm-up rows. */
function mergeServerCache(all: AuditServerCache[]): AuditServerCache {
  const names = groupBy(all.flatMap((c) => c.names), (n) => `${n.source}\u0000${n.name}`).map((group) => ({
    ...group[0],
    xCache: sumCounts(group.map((n) => n.xCache)),
    maxAgeSeconds: maxOrNull(group.map((n) => n.maxAgeSeconds)),
  }));
  const warmups = all.flatMap((c) => (c.warmup ? [c.warmup] : []));
  return { names, warmup: warmups.length <= 1 ? (warmups[0] ?? null) : mergeWarmupEffects(warmups) };
}

/** Warm-up effects carry medians and p95s only: the larger of the parts', an upper bound. */
function mergeWarmupEffects(all: WarmupEffect[]): WarmupEffect {
  const larger = <T extends Record<string, unknown>>(group: T[], key: keyof T) => maxOrNull(group.map((g) => g[key] as number | null));
  const figures = <T extends WarmupEffect['aggregate']>(group: T[]) => ({
    warmupP50Ms: larger(group, 'warmupP50Ms'), measuredP50Ms: larger(group, 'measuredP50Ms'),
    warmupP95Ms: larger(group, 'warmupP95Ms'), measuredP95Ms: larger(group, 'measuredP95Ms'),
  });
  return {
    durationS: Math.max(...all.map((w) => w.durationS)),
    names: groupBy(all.flatMap((w) => w.names), (n) => `${n.type}\u0000${n.name}`).map((group) => ({ type: group[0].type, name: group[0].name, ...figures(group) })),
    aggregate: figures(all.map((w) => w.aggregate)),
  };
}
