/**
 * A flow's feed over a sharded run with worker threads: two shards of two workers each, their users
 * taking rows in turn, use each of the feed's rows exactly once (`cycle: false`), none twice.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFlowFile } from '../../src/flow-api/load.js';
import { runLoadTest } from '../../src/runner/run.js';
import { buildRunConfig } from '../../src/runner/run-config.js';
import { type DemoTarget, startDemoTarget } from '../../src/target/server.js';
import { tempDir } from '../helpers.js';

const ROWS = 24;
const quiet = new Writable({ write: (_chunk, _enc, done) => done() }) as unknown as NodeJS.WriteStream;

let target: DemoTarget;
beforeAll(async () => {
  target = await startDemoTarget({ port: 0 });
});
afterAll(() => target?.close());

describe('a feed over shards × workers × users', () => {
  it('uses every row once across two shards of two worker threads', async () => {
    const dir = tempDir('bl-feed-');
    const flowFile = join(dir, 'flow.ts');
    writeFileSync(
      flowFile,
      `import { defineFlow, feed } from 'browse-load/flow';
const rows = feed(Array.from({ length: ${ROWS} }, (_, i) => i), { cycle: false });
export default defineFlow({ name: 'feed', protocol: { tasks: [{ name: 'row', async run(user) {
  const row = rows.next(user);
  if (row === undefined) return new Promise((resolve) => setTimeout(resolve, 50));
  await user.http.get('/health', { name: 'row ' + row });
} }] } });
`,
    );
    const used: Record<string, number> = {};
    for (const shard of ['1/2', '2/2']) {
      const config = buildRunConfig({ host: target.url, flows: flowFile, users: '6', spawnRate: '100', runTime: '2s', browserUsers: '0', workers: '2', shard, html: false, quiet: true, resultsDir: join(dir, shard.replace('/', '-of-')) }, {});
      const { flow } = await loadFlowFile(flowFile);
      const outcome = await runLoadTest({ config, flow, flowSource: readFileSync(flowFile, 'utf8'), progressOut: quiet, flowFromConfig: true });
      expect(outcome.summary.run.options.workers).toBe(2);
      for (const s of outcome.summary.stats) used[s.name] = (used[s.name] ?? 0) + s.count;
    }
    expect(used).toEqual(Object.fromEntries(Array.from({ length: ROWS }, (_, i) => [`row ${i}`, 1])));
  }, 60_000);
});
