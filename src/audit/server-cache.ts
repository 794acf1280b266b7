/**
 * The server's own cache as a client sees it: X-Cache and Age headers per name, the first call of
 * a request against its repeat (timed by the audit command), and the warm-up phase's latencies
 * (a cold server) against the measured phase's (a warm one).
 */
import type { LatencySummary, StatEntry } from '../schema/summary.js';
import type { AuditServerCache, RepeatTiming, ServerCacheName, WarmupEffect } from '../schema/audit.js';
import type { Draft } from './rows.js';

/** What the warm-up phase measured; the runner's WarmupInfo has this shape. */
export interface WarmupInput {
  durationS: number;
  stats: { type: string; name: string; latency: LatencySummary }[];
  aggregate: { latency: LatencySummary };
}

const pct = (l: LatencySummary | undefined, p: string): number | null => l?.percentiles[p] ?? null;

export function warmupEffect(warmup: WarmupInput, stats: StatEntry[], aggregate?: LatencySummary): WarmupEffect {
  const measured = new Map(stats.map((s) => [`${s.type} ${s.name}`, s.latency]));
  const names = warmup.stats
    .filter((w) => measured.has(`${w.type} ${w.name}`))
    .map((w) => {
      const m = measured.get(`${w.type} ${w.name}`);
      return {
        type: w.type, name: w.name,
        warmupP50Ms: pct(w.latency, '50'), measuredP50Ms: pct(m, '50'),
        warmupP95Ms: pct(w.latency, '95'), measuredP95Ms: pct(m, '95'),
      };
    });
  return {
    durationS: warmup.durationS,
    names,
    aggregate: {
      warmupP50Ms: pct(warmup.aggregate.latency, '50'), measuredP50Ms: pct(aggregate, '50'),
      warmupP95Ms: pct(warmup.aggregate.latency, '95'), measuredP95Ms: pct(aggregate, '95'),
    },
  };
}

/**
 * In a run, first calls and repeats are told apart by the server's own word: the median latency
 * of its X-Cache MISS answers against its HIT answers, per protocol route.
 */
export function repeatsFromXCache(stats: StatEntry[]): RepeatTiming[] {
  const timings: RepeatTiming[] = [];
  for (const s of stats) {
    const byValue = Object.entries(s.responses?.xCacheLatency ?? {});
    const miss = byValue.find(([value]) => /miss/i.test(value));
    const hit = byValue.find(([value]) => /hit/i.test(value));
    const missMs = miss?.[1].latency.percentiles['50'];
    const hitMs = hit?.[1].latency.percentiles['50'];
    if (s.type === 'PAGE' || missMs == null || hitMs == null) continue;
    timings.push({ name: s.name, firstMs: missMs, repeatMs: hitMs, firstXCache: miss![0], repeatXCache: hit![0] });
  }
  return timings;
}

export function serverCache(drafts: Draft[], repeats: RepeatTiming[], warmup: WarmupEffect | null): AuditServerCache {
  const names = new Map<string, ServerCacheName>();
  for (const d of drafts) {
    if (Object.keys(d.headers.xCache).length === 0 && d.headers.age === null) continue;
    const key = `${d.source} ${d.url}`;
    names.set(key, { name: d.url, source: d.source, xCache: { ...d.headers.xCache }, maxAgeSeconds: d.headers.age, firstMs: null, repeatMs: null });
  }
  for (const t of repeats) {
    const key = `protocol ${t.name}`;
    const entry = names.get(key) ?? { name: t.name, source: 'protocol' as const, xCache: {}, maxAgeSeconds: null, firstMs: null, repeatMs: null };
    entry.firstMs = Math.round(t.firstMs * 10) / 10;
    entry.repeatMs = Math.round(t.repeatMs * 10) / 10;
    names.set(key, entry);
  }
  return { names: [...names.values()], warmup };
}
