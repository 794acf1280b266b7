/** The rows of a merge's shard list: which parts are listed, and only the fields each part has. */
import { describe, expect, it } from 'vitest';
import { shardsOfMerge } from '../../src/result/merge-shards.js';
import type { RunInfo, Summary } from '../../src/schema/summary.js';
import { makeSummary } from '../report/fixtures.js';

const HASH = 'c'.repeat(64);
const fixture = makeSummary({ withBrowser: false, withAudit: false });

/** The fixture run as one part of a merge: its own run fields, no thresholds, a CPU record or none. */
function part(run: Partial<RunInfo>, cpu = true): Summary {
  return { ...fixture, run: { ...fixture.run, ...run }, thresholds: [], generator: { ...fixture.generator, samples: cpu ? fixture.generator.samples : [] } };
}

describe('the shard list of a merge', () => {
  it('lists every part as soon as one of them carries a plan identity', () => {
    expect(shardsOfMerge([part({ id: 'planned', planHash: HASH }), part({ id: 'plain' })])?.map((s) => s.runId)).toEqual(['planned', 'plain']);
  });

  it('gives a part without a shard, a planned or actual start and a CPU record none of those fields', () => {
    const { saturated, saturatedSeconds, peakMachinePct } = fixture.generator;
    expect(shardsOfMerge([part({ id: 'bare', planHash: HASH }, false)])).toStrictEqual([{ runId: 'bare', ownVerdict: null, saturated, saturatedSeconds, peakMachinePct }]);
  });
});
