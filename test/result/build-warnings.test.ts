/**
 * The warnings a run's summary is built with (requests cut at stop, dropped iterations, --revalidate
 * without effect), and what else the built summary takes from its parts: the machine, the audit's exact repeats.
 */
import { describe, expect, it } from 'vitest';
import { MetricsRecorder } from '../../src/metrics/recorder.js';
import type { MetricsSnapshot } from '../../src/metrics/types.js';
import { buildSummary, cutWarnings, revalidateWarnings } from '../../src/result/build.js';
import { buildRunConfig } from '../../src/runner/run-config.js';
import type { StatEntry } from '../../src/schema/summary.js';
import { sample } from '../metrics/samples.js';
import { profiledStat } from '../audit/fixtures.js';

const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);

function row(name: string, fields: Partial<StatEntry> = {}): StatEntry {
  return { type: 'GET', method: 'GET', name, count: 1, cutAtStop: 0, ...fields } as StatEntry;
}

function snapshot(stats: StatEntry[], aggregate: Partial<StatEntry> = {}): MetricsSnapshot {
  const cut = stats.reduce((n, s) => n + (s.cutAtStop ?? 0), 0);
  return { stats, aggregate: row('Aggregated', { count: stats.reduce((n, s) => n + s.count, 0), cutAtStop: cut, ...aggregate }) } as MetricsSnapshot;
}

describe('the cut-at-stop warning', () => {
  it('says nothing when no request was cut', () => {
    expect(cutWarnings(snapshot([row('/a')]))).toEqual([]);
    expect(cutWarnings(snapshot([row('/a')], { cutAtStop: undefined }))).toEqual([]);
  });

  it('names the cut rows, most cut first, leaving out rows with none', () => {
    expect(cutWarnings(snapshot([row('/a', { cutAtStop: 1 }), row('/b'), row('/c', { cutAtStop: 3 }), row('/d', { cutAtStop: undefined })]))).toEqual([
      '4 requests were still in flight when the run stopped (cut at stop, in no figure): GET /c 3, GET /a 1',
    ]);
  });

  it('shows five names and sums the rest as other names', () => {
    const rows = [1, 2, 3, 4, 5, 6, 7].map((n) => row(`/r${n}`, { cutAtStop: n }));
    expect(cutWarnings(snapshot(rows))).toEqual([
      '28 requests were still in flight when the run stopped (cut at stop, in no figure): GET /r7 7, GET /r6 6, GET /r5 5, GET /r4 4, GET /r3 3, 2 other names',
    ]);
    expect(cutWarnings(snapshot(rows.slice(0, 5)))[0]).not.toContain('other names');
  });

  it('says first, loudly, when no request completed at all', () => {
    expect(cutWarnings(snapshot([row('/a', { count: 0, cutAtStop: 2 })]))).toEqual([
      'NO REQUEST COMPLETED: 2 were sent and none answered within the run',
      '2 requests were still in flight when the run stopped (cut at stop, in no figure): GET /a 2',
    ]);
  });
});

describe('the --revalidate warning', () => {
  const on = buildRunConfig({ host: 'http://127.0.0.1:8000', users: '1', runTime: '1s', revalidate: true }, {});
  const off = buildRunConfig({ host: 'http://127.0.0.1:8000', users: '1', runTime: '1s' }, {});
  const get = (count: number, conditionalRequests?: number) => row('/a', { count, responses: { conditionalRequests } as StatEntry['responses'] });

  it('says that no conditional request was sent when GETs ran without one', () => {
    const [warning] = revalidateWarnings({ config: on, metrics: snapshot([get(3), row('/b', { method: 'POST' })]) });
    expect(warning).toMatch(/^--revalidate sent no conditional request/);
    expect(revalidateWarnings({ config: on, metrics: snapshot([get(3, 0)]) })).toHaveLength(1);
  });

  it('says nothing when a conditional request was sent, without the flag, for the audit command, or with no GET that ran', () => {
    expect(revalidateWarnings({ config: on, metrics: snapshot([get(3), get(2, 1)]) })).toEqual([]);
    expect(revalidateWarnings({ config: off, metrics: snapshot([get(3)]) })).toEqual([]);
    expect(revalidateWarnings({ config: on, metrics: snapshot([get(3)]), auditRepeats: [] })).toEqual([]);
    expect(revalidateWarnings({ config: on, metrics: snapshot([get(0), row('/p', { method: 'POST' })]) })).toEqual([]);
  });
});

describe('a built summary', () => {
  const config = buildRunConfig({ host: 'http://127.0.0.1:8000', users: '1', runTime: '1s' }, {});
  const generator = { cores: 2, samples: [], peakMachinePct: 0, peakNodeRssMb: 0, saturated: false, saturatedSeconds: 0 };
  const recorded = (): MetricsSnapshot => {
    const r = new MetricsRecorder({ now: () => T0 });
    r.record(sample(r.handle('GET', 'GET', '/a'), { latencyUs: 1000 }));
    return r.snapshot(T0 + 1000);
  };
  const open = { scheduled: 10, started: 7, dropped: 3, late: 0, unstartedAtStop: 0, maxUsers: 4 };
  const build = (fields: Partial<Parameters<typeof buildSummary>[0]>) => buildSummary({
    config, runId: 'r', flowSource: 'flows/erp.ts', startedAt: T0, measuredFrom: T0, endedAt: T0 + 1000, stoppedBy: 'duration',
    metrics: recorded(), generator, warnings: ['given'], ...fields,
  });

  it('warns of dropped iterations with the user cap, after the recorder’s and the given warnings', () => {
    expect(build({ openModel: open }).warnings).toEqual(['given', '3 iterations were dropped: --max-users 4 and the backlog were full']);
    expect(build({ openModel: { ...open, dropped: 0 } }).warnings).toEqual(['given']);
    expect(build({}).warnings).toEqual(['given']);
  });

  it('is complete unless told otherwise, and carries the plan’s fields', () => {
    expect(build({}).run.complete).toBe(true);
    expect(build({ complete: false }).run.complete).toBe(false);
    expect(build({ plan: { planHash: 'h', plannedStart: 5 } }).run).toMatchObject({ id: 'r', planHash: 'h', plannedStart: 5, model: 'closed', stoppedBy: 'duration' });
  });

  it('names the platform and processor architecture it ran on', () => {
    expect(build({}).run.environment.platform).toBe(`${process.platform}-${process.arch}`);
  });

  it('finds a route that never answered 304 only when the audit command repeated each call exactly', () => {
    const revalidating = buildRunConfig({ host: 'http://127.0.0.1:8000', users: '1', runTime: '1s', revalidate: true }, {});
    const metrics = { ...recorded(), stats: [profiledStat('/api/x/', { conditionalRequests: 3, statuses: { '200': 10 } })] };
    const codes = (auditRepeats?: []) => build({ config: revalidating, metrics, auditRepeats }).audit!.resources[0].findings.map((f) => f.code);
    expect(codes([])).toEqual(['no-304']);
    expect(codes()).toEqual([]);
  });
});
