import { describe, expect, it } from 'vitest';
import { Problems } from '../../src/config/problems.js';
import { parseShardOptions, type ShardRaw } from '../../src/config/shard-options.js';

/** The options, and the problems as one list (Problems reports them at once, '; '-joined). */
function parse(raw: ShardRaw, env: NodeJS.ProcessEnv = {}) {
  const found: string[] = [];
  const problems = new Problems();
  problems.push = (...list: string[]) => void found.push(...list);
  const options = parseShardOptions(raw, env, problems);
  return { options, problems: found };
}

describe('--shard, --shard-weights, --start-at', () => {
  it('reads I/N as 1-based and keeps it 0-based inside, with equal weights by default', () => {
    expect(parse({ shard: '2/3' }).options.shard).toEqual({ index: 1, count: 3, weights: [1, 1, 1] });
    expect(parse({ shard: '1/3', shardWeights: '2,1,1' }).options.shard).toEqual({ index: 0, count: 3, weights: [2, 1, 1] });
  });

  it('takes auto/N\'s index from JOB_COMPLETION_INDEX (0-based), as a Kubernetes Indexed Job sets it', () => {
    expect(parse({ shard: 'auto/4' }, { JOB_COMPLETION_INDEX: '3' }).options.shard?.index).toBe(3);
    expect(parse({ shard: 'auto/4' }).problems).toEqual(['--shard auto/4 reads JOB_COMPLETION_INDEX (0-based), which is not set']);
    expect(parse({ shard: 'auto/4' }, { JOB_COMPLETION_INDEX: '4' }).problems).toEqual(['--shard auto/4: shard 5 is not among 1…4']);
  });

  it('reports every problem at once, each naming its flag', () => {
    const { problems } = parse({ shard: '0/3', shardWeights: '1,x', startAt: 'tomorrow', lateStart: 'fail' });
    expect(problems).toEqual([
      "--shard 0/3: shard 0 is not among 1…3",
      '--shard-weights needs --shard',
      "--start-at wants an RFC 3339 time like 2026-12-01T12:00:00Z, got 'tomorrow'",
    ]);
    expect(parse({ shard: '1/2', shardWeights: '1,2,3' }).problems).toEqual(["--shard-weights wants 2 whole numbers ≥ 1 (one per shard), got '1,2,3'"]);
    expect(parse({ lateStart: 'fail' }).problems).toEqual(['--late-start needs --start-at']);
    expect(parse({ lateStart: 'later', startAt: '2026-12-01T12:00:00Z' }).problems).toEqual(["--late-start wants join or fail, got 'later'"]);
  });

  it('reads an RFC 3339 start with its offset; late start joins by default', () => {
    expect(parse({ startAt: '2026-12-01T13:00:00+01:00' }).options.startAt).toEqual({ epochMs: Date.UTC(2026, 11, 1, 12), lateStart: 'join' });
    expect(parse({ startAt: '2026-12-01T12:00:00.250Z', lateStart: 'fail' }).options.startAt).toEqual({ epochMs: Date.UTC(2026, 11, 1, 12, 0, 0, 250), lateStart: 'fail' });
  });
});
