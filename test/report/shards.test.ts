/**
 * A merge of shards shows each shard in the terminal summary, report.html and the Markdown
 * summary: planned and actual start, skew, CPU, saturation and its own verdict, as information.
 * Any other run shows no shards at all.
 */
import { describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../src/report/index.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { shardRows } from '../../src/report/shards-view.js';
import { renderTerminal } from '../../src/report/terminal.js';
import type { ShardOfMerge, Summary } from '../../src/schema/summary.js';
import { makeSummary } from './fixtures.js';

const PLANNED = Date.parse('2026-12-01T12:00:00.000Z');

function shard(index: number, skewMs: number, extra: Partial<ShardOfMerge>): ShardOfMerge {
  return {
    runId: 'sharded', shard: { index, count: 3, weights: [1, 1, 1] }, plannedStart: PLANNED, actualStart: PLANNED + skewMs, startSkewMs: skewMs,
    ownVerdict: 'passed', saturated: false, saturatedSeconds: 0, peakMachinePct: 40, meanNodePct: 35.4, ...extra,
  };
}

function mergedOfShards(): Summary {
  const summary = makeSummary({ seed: 3 });
  summary.run.shards = [shard(1, 4, {}), shard(2, 37, { saturated: true, saturatedSeconds: 3, peakMachinePct: 97.2, ownVerdict: 'failed' }), shard(3, 12, { ownVerdict: null, meanNodePct: undefined, peakMachinePct: undefined })];
  return summary;
}

describe('the shards of a merged run in the reports', () => {
  it('words each shard once: start, skew, CPU, saturation, own verdict', () => {
    expect(shardRows(mergedOfShards()).map((r) => [r.shard, r.plannedStart, r.actualStart, r.skew, r.cpu, r.saturation, r.verdict])).toEqual([
      ['1/3', '12:00:00.000', '12:00:00.004', '+4 ms', '35% of a core · machine peak 40%', 'no', 'passed'],
      ['2/3', '12:00:00.000', '12:00:00.037', '+37 ms', '35% of a core · machine peak 97%', 'yes, 3 s', 'failed'],
      ['3/3', '12:00:00.000', '12:00:00.012', '+12 ms', '–', 'no', 'no thresholds'],
    ]);
  });

  it('prints a Shards table in the terminal summary', () => {
    const text = renderTerminal(mergedOfShards());
    expect(text).toMatch(/^Shards \(each shard's own verdict is information: the thresholds are judged on the merged figures\)$/m);
    expect(text).toMatch(/^ {2}Shard +Planned start \(UTC\) +Actual start +Skew +CPU +Saturated +Own verdict$/m);
    expect(text).toMatch(/^ {2}2\/3 +12:00:00\.000 +12:00:00\.037 +\+37 ms +35% of a core · machine peak 97% +yes, 3 s +failed$/m);
  });

  it('has a Shards table in report.html', () => {
    const page = renderHtmlReport(mergedOfShards());
    const section = /<section id="shards">([\s\S]*?)<\/section>/.exec(page)?.[1] ?? '';
    expect(section).toContain('<h2>Shards</h2>');
    expect(section.match(/<tr class="/g)).toHaveLength(3);
    expect(section).toMatch(/<td class="text">2\/3<\/td><td class="text">12:00:00\.000<\/td><td class="text">12:00:00\.037<\/td><td class="text">\+37 ms<\/td>/);
    expect(section).toMatch(/<td class="text fail">failed<\/td>/);
    expect(section).toContain('information: the thresholds are judged on the merged figures');
  });

  it('has a Shards table in the Markdown summary', () => {
    const text = renderMarkdown(mergedOfShards());
    expect(text).toContain('| Shard | Planned start (UTC) | Actual start | Skew | CPU | Saturated | Own verdict |');
    expect(text).toContain('| 3/3 | 12:00:00.000 | 12:00:00.012 | +12 ms | – | no | no thresholds |');
  });

  it('shows no shards for a run that is not a merge of shards', () => {
    const summary = makeSummary({ seed: 3 });
    expect(renderTerminal(summary)).not.toMatch(/Shards/);
    expect(renderMarkdown(summary)).not.toMatch(/Shard/);
    expect(renderHtmlReport(summary)).not.toContain('id="shards"');
  });
});
