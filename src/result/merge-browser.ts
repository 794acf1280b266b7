/**
 * The browser section of merged runs: pages by name and view, each metric's histogram summed
 * (exact percentiles), resources by URL, page, view and how they were served. Per-view byte
 * averages are weighted by views (and per-load ones by loads), rounded to bytes as recorded.
 */
import { encodeHistogram, summarizeValues } from '../hdr/histogram.js';
import { sumHistograms } from '../metrics/merge.js';
import type { BrowserSection, PageMetric, PageMetricName, PageStats, ResourceObservation } from '../schema/summary.js';

export function mergeBrowser(parts: BrowserSection[]): BrowserSection | undefined {
  if (parts.length === 0) return undefined;
  const first = parts[0];
  return {
    executable: first.executable,
    version: first.version,
    // Each part ran its own browser users at the same time.
    users: parts.reduce((n, p) => n + p.users, 0),
    pages: groupBy(parts.flatMap((p) => p.pages), (p) => `${p.name}\u0000${p.view}`).map(mergePages),
    resources: groupBy(parts.flatMap((p) => p.resources), resourceKey).map(mergeResources),
    crashes: {
      pages: parts.reduce((n, p) => n + p.crashes.pages, 0),
      browsers: parts.reduce((n, p) => n + p.crashes.browsers, 0),
    },
    suspect: parts.some((p) => p.suspect),
  };
}

/** Groups in order of first appearance. */
export function groupBy<T>(items: T[], key: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return [...groups.values()];
}

/** Mean of `value` over the group weighted by `weight`, rounded as the recorder rounds. */
export function weightedMean<T>(group: T[], value: (item: T) => number, weight: (item: T) => number): number {
  const total = group.reduce((n, item) => n + weight(item), 0);
  return total === 0 ? 0 : Math.round(group.reduce((sum, item) => sum + value(item) * weight(item), 0) / total);
}

function mergePages(group: PageStats[]): PageStats {
  const metrics: Partial<Record<PageMetricName, PageMetric>> = {};
  const names = [...new Set(group.flatMap((p) => Object.keys(p.metrics) as PageMetricName[]))];
  for (const name of names) {
    const present = group.flatMap((p) => (p.metrics[name] ? [p.metrics[name]] : []));
    const h = sumHistograms(present.map((m) => m.histogram));
    metrics[name] = {
      count: h.count,
      missing: present.reduce((n, m) => n + m.missing, 0),
      summary: summarizeValues(h, 1000),
      histogram: encodeHistogram(h),
    };
  }
  const first = group[0];
  return {
    name: first.name,
    url: first.url,
    view: first.view,
    views: group.reduce((n, p) => n + p.views, 0),
    failures: group.reduce((n, p) => n + p.failures, 0),
    metrics,
    // The profile is part of the name, so a group shares one.
    ...(first.profile ? { profile: first.profile } : {}),
    avgWireBytes: weightedMean(group, (p) => p.avgWireBytes, (p) => p.views),
    avgDecodedBytes: weightedMean(group, (p) => p.avgDecodedBytes, (p) => p.views),
  };
}

function resourceKey(r: ResourceObservation): string {
  return `${r.url}\u0000${r.page}\u0000${r.view}\u0000${r.servedFrom}\u0000${r.status}\u0000${r.wireStatus}`;
}

function mergeResources(group: ResourceObservation[]): ResourceObservation {
  const last = group[group.length - 1];
  return {
    ...group[0],
    // The recorder keeps the latest headers and encoding seen; the latest part's here.
    headers: last.headers,
    encoding: last.encoding ?? group[0].encoding,
    wireBytes: weightedMean(group, (r) => r.wireBytes, (r) => r.count),
    decodedBytes: weightedMean(group, (r) => r.decodedBytes, (r) => r.count),
    count: group.reduce((n, r) => n + r.count, 0),
  };
}
