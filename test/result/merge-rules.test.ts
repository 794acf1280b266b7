/**
 * mergeSummaries' rules one at a time, on a small fixture: what it refuses and how it says it, how
 * the run's span, end and completeness merge, the open model's counts, the generators, and which
 * thresholds are judged again.
 */
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { mergeSummaries, settingsOf } from '../../src/result/merge.js';
import type { GeneratorHealth, RunInfo, Summary } from '../../src/schema/summary.js';
import { makeSummary } from '../report/fixtures.js';
import { usageMessage } from './usage-message.js';

const base = makeSummary({ seconds: 2, perSecond: 2 });

function part(id: string, run: Partial<RunInfo> = {}, fields: Partial<Summary> = {}): Summary {
  return { ...base, ...fields, run: { ...base.run, id, ...run } };
}

const refusal = (parts: Summary[]): string => usageMessage(() => mergeSummaries(parts, { id: 'm' }));

describe('what merge refuses', () => {
  it('nothing to merge', () => {
    expect(() => mergeSummaries([])).toThrow(new UsageError('merge needs at least one run'));
  });

  it('histograms of other settings, the first part included, naming the run', () => {
    const coarse = part('b', {}, { histogram: { unit: 'us', lowest: 1, highest: 3_600_000_000, significantDigits: 2 } });
    expect(refusal([coarse])).toBe('run b has histograms of 1..3600000000 us, 2 digits; merge sums only 1..3600000000 us, 3 digits');
    expect(refusal([part('a'), part('b', {}, { histogram: { unit: 'us', lowest: 2, highest: 3_600_000_000, significantDigits: 3 } })])).toMatch(/^run b has histograms of 2\.\./);
    expect(refusal([part('a'), part('b', {}, { histogram: { unit: 'us', lowest: 1, highest: 1000, significantDigits: 3 } })])).toMatch(/^run b has histograms of 1\.\.1000 us/);
    // A file of another tool may hold another unit than the schema's type allows.
    expect(refusal([part('a'), part('b', {}, { histogram: { unit: 'ms' as 'us', lowest: 1, highest: 3_600_000_000, significantDigits: 3 } })])).toMatch(/^run b has histograms of 1\.\.3600000000 ms, 3 digits/);
  });

  it('parts of other plans, saying every difference', () => {
    expect(refusal([part('a'), part('b', { host: 'http://x/erp/', flow: 'other.ts', model: 'open', options: { ...base.run.options, urls: ['/health', '/'] } })])).toBe(
      'run a and run b are not runs of one plan: host path / vs /erp/; flow flows/erp.ts vs other.ts; --url (none) vs /health /; model closed vs open',
    );
    expect(refusal([part('a', { options: { urls: ['/x'] } }), part('b', { options: { urls: ['/y'] } })])).toBe('run a and run b are not runs of one plan: --url /x vs /y');
    expect(refusal([part('a', { options: { urls: ['/x'] } }), part('b')])).toBe('run a and run b are not runs of one plan: --url /x vs (none)');
  });

  it('time series of other intervals', () => {
    expect(refusal([part('a'), part('b', {}, { timeSeries: { ...base.timeSeries, intervalMs: 500 } })])).toBe('run a and run b have time series of 1000 ms and 500 ms intervals');
  });

  it('compares a host that is no URL as it is', () => {
    expect(refusal([part('a', { host: 'weird' }), part('b', { host: 'odd' })])).toBe('run a and run b are not runs of one plan: host path weird vs odd');
    expect(mergeSummaries([part('a', { host: 'weird' }), part('b', { host: 'weird' })], { id: 'm' }).run.host).toBe('weird');
  });
});

describe('the merged run', () => {
  it('spans the parts, ends as the most telling part did, and lists every part', () => {
    const m = mergeSummaries([part('b', { startedAt: 5, measuredFrom: 8, endedAt: 20 }), part('a', { startedAt: 3, measuredFrom: 9, endedAt: 15, stoppedBy: 'iterations' })], { id: 'm' });
    expect(m.run).toMatchObject({ id: 'm', startedAt: 3, measuredFrom: 8, endedAt: 20, stoppedBy: 'iterations', mergedFrom: ['a', 'b'] });
    expect(m.run).not.toHaveProperty('complete');
    expect(mergeSummaries([part('a', { stoppedBy: 'iterations' }), part('b', { stoppedBy: 'signal' })], { id: 'm' }).run.stoppedBy).toBe('signal');
    expect(mergeSummaries([part('a'), part('b')], { id: 'm' }).run.stoppedBy).toBe('duration');
  });

  it('is complete only when no part says it is not', () => {
    expect(mergeSummaries([part('a', { complete: true }), part('b')], { id: 'm' }).run.complete).toBe(true);
    expect(mergeSummaries([part('a', { complete: true }), part('b', { complete: false })], { id: 'm' }).run.complete).toBe(false);
    // The earliest part, whose fields the merged run starts from, says nothing.
    expect(mergeSummaries([part('a'), part('b', { complete: false })], { id: 'm' }).run.complete).toBe(false);
  });

  it('is named from the clock with -merged unless an id is given', () => {
    expect(mergeSummaries([part('a')]).run.id).toMatch(/^\d{8}-\d{6}-merged$/);
  });

  it('is named after the run its shards share, unless an id is given', () => {
    const shard = (index: number) => part('study', { planHash: 'a'.repeat(64), shard: { index, count: 2, weights: [1, 1] } });
    expect(mergeSummaries([shard(1), shard(2)]).run.id).toBe('study-merged');
    expect(mergeSummaries([shard(1), shard(2)], { id: 'm' }).run.id).toBe('m');
  });

  it('puts the parts in order of start, then id, then content, so any order gives one result', () => {
    // The generators' parts keep the parts' order.
    const order = (parts: Summary[]) => mergeSummaries(parts, { id: 'm' }).generator.parts!.map((p) => `${p.runId}/${p.cores}`);
    const writtenBy = (version: string): Partial<Summary> => ({ tool: { name: 'browse-load', version } });
    // a's content sorts after b's (its tool comes before its run in the JSON): the id still decides.
    const a = part('a', { startedAt: 1 }, writtenBy('0.2.0'));
    const b = part('b', { startedAt: 1 }, writtenBy('0.1.0'));
    const c = part('c', { startedAt: 0 });
    expect(order([a, b, c])).toEqual(['c/2', 'a/2', 'b/2']);
    expect(order([b, c, a])).toEqual(['c/2', 'a/2', 'b/2']);
    // The parts' ids are listed by name, not in that order.
    expect(mergeSummaries([a, b, c], { id: 'm' }).run.mergedFrom).toEqual(['a', 'b', 'c']);
    expect(JSON.stringify(mergeSummaries([b, c, a], { id: 'm' }))).toBe(JSON.stringify(mergeSummaries([a, b, c], { id: 'm' })));
    // Same start and id: the content decides.
    const x = part('s', {}, { generator: { ...base.generator, cores: 1 } });
    const y = part('s', {}, { generator: { ...base.generator, cores: 3 } });
    expect(order([x, y])).toEqual(['s/1', 's/3']);
    expect(order([y, x])).toEqual(['s/1', 's/3']);
  });

  it('takes v1 histogram settings for a summary written before the field', () => {
    expect(base.histogram).toBeUndefined();
    expect(settingsOf(base)).toEqual({ unit: 'us', lowest: 1, highest: 3_600_000_000, significantDigits: 3 });
    const recorded = part('a', {}, { histogram: { unit: 'us', lowest: 1, highest: 3_600_000_000, significantDigits: 3 } });
    expect(settingsOf(recorded)).toBe(recorded.histogram);
  });
});

describe('the merged sections', () => {
  it('adds up the open model’s counts, and has none when no part ran one', () => {
    const open = { scheduled: 10, started: 8, dropped: 2, late: 1, unstartedAtStop: 3, maxUsers: 4 };
    expect(mergeSummaries([part('a', {}, { openModel: open }), part('b', {}, { openModel: { ...open, scheduled: 1 } }), part('c')], { id: 'm' }).openModel).toEqual({
      scheduled: 11, started: 16, dropped: 4, late: 2, unstartedAtStop: 6, maxUsers: 8,
    });
    expect(mergeSummaries([part('a'), part('b')], { id: 'm' }).openModel).toBeUndefined();
  });

  it('keeps each generator as a part, the highest peaks and cores, all samples by time', () => {
    const g = (cores: number, peak: number, rss: number, saturatedSeconds: number, ts: number[]): GeneratorHealth => ({
      cores, peakMachinePct: peak, peakNodeRssMb: rss, saturated: saturatedSeconds > 0, saturatedSeconds,
      samples: ts.map((t) => ({ t, nodePct: 1, browserPct: null, machinePct: peak, nodeRssMb: rss, browserRssMb: null })),
    });
    const m = mergeSummaries([part('a', {}, { generator: g(4, 50, 300, 0, [3, 1]) }), part('b', {}, { generator: g(2, 70, 200, 1.5, [2]) })], { id: 'm' });
    expect(m.generator).toMatchObject({ cores: 4, peakMachinePct: 70, peakNodeRssMb: 300, saturated: true, saturatedSeconds: 1.5 });
    expect(m.generator.samples.map((s) => s.t)).toEqual([1, 2, 3]);
    expect(m.generator.parts).toEqual([
      { runId: 'a', cores: 4, peakMachinePct: 50, peakNodeRssMb: 300, saturated: false, saturatedSeconds: 0 },
      { runId: 'b', cores: 2, peakMachinePct: 70, peakNodeRssMb: 200, saturated: true, saturatedSeconds: 1.5 },
    ]);
    expect(mergeSummaries([part('a', {}, { generator: g(1, 1, 1, 0, []) }), part('b', {}, { generator: g(1, 1, 1, 0, []) })], { id: 'm' }).generator.saturated).toBe(false);
  });

  it('judges each threshold the parts were given once, leaving out what does not parse or is no text', () => {
    const m = mergeSummaries([part('a', { options: { thresholds: ['p95<500', 'nonsense', 7] } }), part('b', { options: { thresholds: ['p95<500', 'errors<50%'] } }), part('c', { options: {} })], { id: 'm' });
    expect(m.run.options.thresholds).toEqual(['p95<500', 'errors<50%']);
    expect(m.thresholds.map((t) => t.expression)).toEqual(['p95<500', 'errors<50%']);
  });

  it('writes the merging tool and the current schema', () => {
    const settings = { unit: 'us' as const, lowest: 1, highest: 3_600_000_000, significantDigits: 3 };
    const m = mergeSummaries([part('a', {}, { histogram: settings })], { id: 'm' });
    expect(m.tool.name).toBe('browse-load');
    expect(m.schemaVersion).toBe(base.schemaVersion);
    expect(m.histogram).not.toBe(settings);
    expect(m.histogram).toEqual(settings);
  });
});
