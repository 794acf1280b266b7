/**
 * compare: what changed between a baseline run and a run after tuning — per name RPS, p50, p95,
 * p99 and error rate with a verdict each (better / worse / same within the tolerance), browser
 * pages, and what became compressed or cached. Renderers (Markdown, HTML) only format this.
 */
import type { PageMetricName, PageStats, StatEntry, Summary } from '../../schema/summary.js';
import type { AuditResource } from '../../schema/audit.js';
import { notAuditedWords } from '../audit/words.js';
import { DASH } from '../format.js';
import { cmp, errorPercent, rateSeconds, requestsPerSecond, sortedStats } from '../headline.js';

export type Verdict = 'better' | 'worse' | 'same' | 'n/a';
export type MetricKey = 'rps' | 'p50' | 'p95' | 'p99' | 'errors';

export interface CompareOptions {
  /** Relative change (in %) still counted as "same". Default 5. */
  tolerancePct?: number;
}

/** Changes smaller than these are noise whatever the relative change: 1 ms, 0.1 percentage points. */
export const LATENCY_FLOOR_MS = 1;
export const ERROR_FLOOR_PP = 0.1;

export interface Delta {
  metric: MetricKey | string;
  label: string;
  baseline: number | null;
  after: number | null;
  /** after − baseline. */
  change: number | null;
  /** Relative change in %, null when the baseline is 0 or either side is missing. */
  changePct: number | null;
  verdict: Verdict;
}

export interface NameComparison {
  type: string;
  name: string;
  presence: 'both' | 'baseline only' | 'after only';
  deltas: Delta[];
  verdict: Verdict;
}

export interface PageComparison {
  page: string;
  deltas: Delta[];
  verdict: Verdict;
  /**
   * What the baseline's audit said compression would save this row's view under its network
   * profile (ms, bytes saved ÷ throughput), to read beside the measured change; absent when it
   * had no such estimate (no saving, or an unthrottled row).
   */
  estimatedSavingMs?: number;
}

export interface ChangeNote {
  subject: string;
  what: string;
  baseline: string;
  after: string;
}

export interface RunRef {
  id: string;
  host: string;
  when: number;
}

export interface Comparison {
  baseline: RunRef;
  after: RunRef;
  tolerancePct: number;
  headline: Delta[];
  names: NameComparison[];
  pages: PageComparison[];
  /** Audit and browser-resource differences: what became compressed or cached. */
  changes: ChangeNote[];
  counts: Record<Exclude<Verdict, 'n/a'>, number>;
  /** True when any figure got worse beyond the tolerance. */
  regressed: boolean;
}

type Direction = 'higher-better' | 'lower-better';

export function verdictOf(baseline: number | null, after: number | null, direction: Direction, tolerancePct: number, floor: number): Verdict {
  if (baseline === null || after === null) return 'n/a';
  const change = after - baseline;
  if (Math.abs(change) <= floor) return 'same';
  if (baseline !== 0 && Math.abs(change / baseline) * 100 <= tolerancePct) return 'same';
  const improved = direction === 'higher-better' ? change > 0 : change < 0;
  return improved ? 'better' : 'worse';
}

function delta(metric: string, label: string, baseline: number | null, after: number | null, direction: Direction, tolerancePct: number, floor: number): Delta {
  const change = baseline === null || after === null ? null : after - baseline;
  const changePct = change === null || !baseline ? null : (change / baseline) * 100;
  return { metric, label, baseline, after, change, changePct, verdict: verdictOf(baseline, after, direction, tolerancePct, floor) };
}

function entryDeltas(b: StatEntry | undefined, a: StatEntry | undefined, bs: number, as: number, tol: number): Delta[] {
  const lat = (e: StatEntry | undefined, p: string) => (e && e.count > 0 ? e.latency.percentiles[p] ?? null : null);
  const rps = (e: StatEntry | undefined, s: number) => (e ? requestsPerSecond(e, s) : null);
  const err = (e: StatEntry | undefined) => (e && e.count > 0 ? errorPercent(e) : null);
  return [
    // RPS floor: a change under 1% of the baseline rate is noise, as is < 0.01 req/s.
    delta('rps', 'RPS', rps(b, bs), rps(a, as), 'higher-better', tol, 0.01),
    delta('p50', 'p50 (ms)', lat(b, '50'), lat(a, '50'), 'lower-better', tol, LATENCY_FLOOR_MS),
    delta('p95', 'p95 (ms)', lat(b, '95'), lat(a, '95'), 'lower-better', tol, LATENCY_FLOOR_MS),
    delta('p99', 'p99 (ms)', lat(b, '99'), lat(a, '99'), 'lower-better', tol, LATENCY_FLOOR_MS),
    delta('errors', 'Errors (%)', err(b), err(a), 'lower-better', tol, ERROR_FLOOR_PP),
  ];
}

/** The overall verdict of several deltas: worse wins, then better, then same. */
function overall(deltas: Delta[]): Verdict {
  if (deltas.some((d) => d.verdict === 'worse')) return 'worse';
  if (deltas.some((d) => d.verdict === 'better')) return 'better';
  return deltas.some((d) => d.verdict === 'same') ? 'same' : 'n/a';
}

export function compareSummaries(baseline: Summary, after: Summary, options: CompareOptions = {}): Comparison {
  const tol = options.tolerancePct ?? 5;
  const bs = rateSeconds(baseline);
  const as = rateSeconds(after);
  const key = (s: StatEntry) => `${s.type} ${s.name}`;
  const bMap = new Map(baseline.stats.map((s) => [key(s), s]));
  const aMap = new Map(after.stats.map((s) => [key(s), s]));
  const all = sortedStats([...baseline.stats, ...after.stats.filter((s) => !bMap.has(key(s)))]);
  const names: NameComparison[] = all.map((s) => {
    const b = bMap.get(key(s));
    const a = aMap.get(key(s));
    const deltas = b && a ? entryDeltas(b, a, bs, as, tol) : entryDeltas(b, a, bs, as, tol).map((d) => ({ ...d, verdict: 'n/a' as const }));
    return { type: s.type, name: s.name, presence: b && a ? 'both' : b ? 'baseline only' : 'after only', deltas, verdict: overall(deltas) };
  });
  const headline = [
    ...entryDeltas(baseline.aggregate, after.aggregate, bs, as, tol),
    { ...delta('requests', 'Requests', baseline.aggregate.count, after.aggregate.count, 'higher-better', tol, 0), verdict: 'n/a' as const },
  ];
  const pages = comparePages(baseline, after, tol);
  const verdicts = [...headline, ...names.flatMap((n) => n.deltas), ...pages.flatMap((p) => p.deltas)].map((d) => d.verdict);
  const counts = { better: 0, worse: 0, same: 0 };
  for (const v of verdicts) if (v !== 'n/a') counts[v]++;
  return {
    baseline: ref(baseline),
    after: ref(after),
    tolerancePct: tol,
    headline,
    names,
    pages,
    changes: [...auditChanges(baseline, after), ...resourceChanges(baseline, after)],
    counts,
    regressed: counts.worse > 0,
  };
}

function ref(s: Summary): RunRef {
  return { id: s.run.id, host: s.run.host, when: s.run.measuredFrom };
}

const PAGE_METRICS: Array<[PageMetricName, string]> = [['ttfb', 'TTFB'], ['fcp', 'FCP'], ['lcp', 'LCP'], ['load', 'Load']];

/** Browser pages per view: p75 (the web-vitals convention) of the main timings. */
function comparePages(baseline: Summary, after: Summary, tol: number): PageComparison[] {
  const bPages = baseline.browser?.pages ?? [];
  const aPages = new Map((after.browser?.pages ?? []).map((p) => [p.name, p]));
  return bPages.filter((p) => aPages.has(p.name)).sort((x, y) => cmp(x.name, y.name)).map((b) => {
    const a = aPages.get(b.name)!;
    const deltas = PAGE_METRICS.map(([m, label]) =>
      delta(m, `${label} p75 (ms)`, b.metrics[m]?.summary.percentiles['75'] ?? null, a.metrics[m]?.summary.percentiles['75'] ?? null, 'lower-better', tol, LATENCY_FLOOR_MS));
    deltas.push(delta('wire', 'KB transferred per view', b.avgWireBytes / 1024, a.avgWireBytes / 1024, 'lower-better', tol, 1));
    const estimate = estimatedSaving(baseline, b);
    return { page: b.name, deltas, verdict: overall(deltas), ...(estimate !== null ? { estimatedSavingMs: estimate } : {}) };
  });
}

/** The baseline audit's time saved for this page row (its page, view and profile), or null. */
function estimatedSaving(baseline: Summary, row: PageStats): number | null {
  if (!row.profile) return null;
  const page = row.name.slice(0, row.name.lastIndexOf(' ['));
  const entry = baseline.audit?.savings?.perPageView.find((v) => v.page === page && v.view === row.view);
  return entry?.timeSaved?.find((t) => t.profile === row.profile!.name)?.ms ?? null;
}

/**
 * A URL as compare keys it: its path (and query) when it is on the run's own host, so two runs
 * of one site on different ports or hosts (each demo target has its own port) compare resource
 * by resource; other origins (a CDN, a third-party script) keep their full URL. Protocol rows
 * are route names already.
 */
export function pathKey(url: string, host: string): string {
  try {
    const parsed = new URL(url);
    return parsed.origin === new URL(host).origin ? `${parsed.pathname}${parsed.search}` : url;
  } catch {
    return url;
  }
}

/** Per URL (its path on the run's host), each audit verdict that changed. */
function auditChanges(baseline: Summary, after: Summary): ChangeNote[] {
  // Keyed by URL alone, as before: protocol rows of one route under two methods share a URL.
  const byPath = (s: Summary) => new Map((s.audit?.resources ?? []).map((r) => [pathKey(r.url, s.run.host), r]));
  const b = byPath(baseline);
  const a = byPath(after);
  const notes: ChangeNote[] = [];
  for (const url of [...new Set([...b.keys(), ...a.keys()])].sort(cmp)) {
    for (const field of ['compression', 'cache'] as const) {
      const was = b.get(url)?.[field] ?? DASH;
      const now = a.get(url)?.[field] ?? DASH;
      if (was !== now) notes.push({ subject: url, what: field, baseline: was, after: now });
    }
    // A finding that came or went (a lifetime shortened, a validator that stopped matching).
    const codes = (r: AuditResource | undefined) => (r ? notAuditedWords(r) ?? ([...new Set(r.findings.map((f) => f.code))].sort(cmp).join(', ') || 'none') : DASH);
    const [was, now] = [codes(b.get(url)), codes(a.get(url))];
    // A row that came or went without findings is already told by its compression and cache notes.
    const quiet = (was === DASH && now === 'none') || (now === DASH && was === 'none');
    if (was !== now && !quiet) notes.push({ subject: url, what: 'findings', baseline: was, after: now });
  }
  return notes;
}

/** Per browser resource (its path on the run's host) and view: where it was served from and its encoding. */
function resourceChanges(baseline: Summary, after: Summary): ChangeNote[] {
  const keyIn = (s: Summary) => (r: { url: string; view: string }) => `${pathKey(r.url, s.run.host)} [${r.view}]`;
  const bKey = keyIn(baseline);
  const aKey = keyIn(after);
  const b = new Map((baseline.browser?.resources ?? []).map((r) => [bKey(r), r]));
  const notes = new Map<string, ChangeNote>();
  // A resource loaded by several pages has a row per page: one note says its change.
  const note = (n: ChangeNote) => notes.set(`${n.subject}\u0000${n.what}\u0000${n.baseline}\u0000${n.after}`, n);
  for (const r of [...(after.browser?.resources ?? [])].sort((x, y) => cmp(aKey(x), aKey(y)))) {
    const key = aKey(r);
    const was = b.get(key);
    if (!was) continue;
    if (was.servedFrom !== r.servedFrom) note({ subject: key, what: 'served from', baseline: was.servedFrom, after: r.servedFrom });
    if ((was.encoding ?? 'identity') !== (r.encoding ?? 'identity')) note({ subject: key, what: 'encoding', baseline: was.encoding ?? 'identity', after: r.encoding ?? 'identity' });
  }
  return [...notes.values()];
}
