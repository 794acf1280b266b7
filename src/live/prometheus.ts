/**
 * `/metrics`: the run so far in Prometheus' text format, written by prom-client from the latest
 * merged snapshot (so it covers every worker thread). Each scrape fills a fresh registry from the
 * snapshot: the figures are the run's cumulative counts, not increments this server kept. Labels
 * are the row's type and name, which the recorder already caps at --max-names (the rest is
 * '(other names)'); the snapshot is redacted, so no credential can reach a label.
 */
import { Counter, Gauge, Registry } from 'prom-client';
import { decodeHistogram, highestValueOfIndex } from '../hdr/histogram.js';
import { pageRatings } from '../schema/vitals.js';
import type { StatEntry, Summary } from '../schema/summary.js';
import type { LiveStatus } from './frame.js';

/** Prometheus' classic latency buckets (its client libraries' defaults), in seconds. */
export const CLASSIC_BUCKETS_S = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const METRICS_CONTENT_TYPE = Registry.PROMETHEUS_CONTENT_TYPE;

export async function prometheusText(summary: Summary, status: LiveStatus): Promise<string> {
  const registry = new Registry();
  const labelNames = ['type', 'name'] as const;
  const requests = new Counter({ name: 'browse_load_requests_total', help: 'Requests and page views completed, by row', labelNames, registers: [registry] });
  const failures = new Counter({ name: 'browse_load_request_failures_total', help: 'Failed requests and page views, by row', labelNames, registers: [registry] });
  for (const s of summary.stats) {
    requests.inc({ type: s.type, name: s.name }, s.count);
    failures.inc({ type: s.type, name: s.name }, s.failures);
  }
  registry.registerMetric(durationHistogram(summary.stats) as never);
  const users = new Gauge({ name: 'browse_load_users', help: 'Users running now', labelNames: ['kind'], registers: [registry] });
  users.set({ kind: 'protocol' }, status.users);
  users.set({ kind: 'browser' }, status.browserUsers);
  const open = summary.openModel;
  new Gauge({ name: 'browse_load_dropped_arrivals', help: 'Open model: arrivals dropped because the backlog was full', registers: [registry] }).set(open?.dropped ?? 0);
  new Gauge({ name: 'browse_load_late_arrivals', help: 'Open model: iterations that started late', registers: [registry] }).set(open?.late ?? 0);
  const vitals = new Gauge({ name: 'browse_load_web_vital', help: 'Web vitals at p75 by page and view (ms; CLS unitless)', labelNames: ['page', 'view', 'vital'], registers: [registry] });
  for (const page of summary.browser?.pages ?? []) {
    for (const r of pageRatings(page)) vitals.set({ page: page.name, view: page.view, vital: r.vital }, r.p75);
  }
  const thresholds = new Gauge({ name: 'browse_load_threshold_passed', help: 'Thresholds on the figures so far: 1 passes, 0 fails', labelNames: ['threshold'], registers: [registry] });
  for (const t of summary.thresholds) thresholds.set({ threshold: t.expression }, t.passed ? 1 : 0);
  return registry.metrics();
}

interface HistogramValue {
  labels: Record<string, string | number>;
  value: number;
  metricName: string;
}

/**
 * The latency histogram in classic buckets from each row's HDR histogram. prom-client's Histogram
 * only takes observations one at a time; the snapshot already holds the whole distribution, so this
 * is a metric in the shape the registry writes (its get()), bucketed here.
 */
function durationHistogram(stats: readonly StatEntry[]) {
  const name = 'browse_load_request_duration_seconds';
  const help = 'Request and page-load latency, by row';
  const get = () => {
    const values: HistogramValue[] = [];
    for (const s of stats) {
      const counts = new Array<number>(CLASSIC_BUCKETS_S.length).fill(0);
      let sumS = 0;
      decodeHistogram(s.histogram).forEachBucket((index, count) => {
        const valueS = highestValueOfIndex(index) / 1e6;
        sumS += valueS * count;
        const at = CLASSIC_BUCKETS_S.findIndex((le) => valueS <= le);
        if (at >= 0) counts[at] += count;
      });
      const labels = { type: s.type, name: s.name };
      let cumulative = 0;
      CLASSIC_BUCKETS_S.forEach((le, i) => {
        cumulative += counts[i];
        values.push({ labels: { ...labels, le }, value: cumulative, metricName: `${name}_bucket` });
      });
      const count = s.latency.count;
      values.push({ labels: { ...labels, le: '+Inf' }, value: count, metricName: `${name}_bucket` });
      // The mean times the count: the HDR buckets' top values would overstate the sum a little.
      values.push({ labels, value: s.latency.mean === null ? sumS : (s.latency.mean * count) / 1000, metricName: `${name}_sum` });
      values.push({ labels, value: count, metricName: `${name}_count` });
    }
    return { name, help, type: 'histogram', values, aggregator: 'sum' };
  };
  return { name, help, type: 'histogram', get };
}
