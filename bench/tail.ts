/**
 * The honest tail: against a target that answers every request in 20 ms, 50 closed-model users
 * should see a p99 close to what wrk sees with 50 connections; a generator that adds its own
 * queueing to the latency shows it here.
 */
import { browseLoad, missing, wrk, type Load, type ToolResult } from './peers.js';
import { runOne } from './throughput.js';
import { fig, hasWorkersFlag, startTarget, table, type Pinning, type Section } from './tools.js';

const LATENCY_MS = 20;
const USERS = 50;

export async function tail(pin: Pinning, seconds: number): Promise<Section> {
  const target = await startTarget(pin, ['--latency', String(LATENCY_MS)]);
  const load: Load = { baseUrl: target.url, path: '/health', seconds, connections: USERS };
  const closed = ['-u', String(USERS), '-r', String(USERS)];
  const runs = hasWorkersFlag()
    ? [1, 2].map((n) => ({ label: `browse-load (\`--workers ${n}\`)`, flags: [...closed, '--workers', String(n)] }))
    : [{ label: 'browse-load', flags: closed }];
  const results: { label: string; result?: ToolResult; note?: string }[] = [];
  try {
    const wrkMissing = missing('wrk');
    if (wrkMissing) results.push({ label: 'wrk', note: wrkMissing });
    else {
      process.stderr.write('bench: tail, wrk …\n');
      const { result, skipped } = await runOne(pin, wrk(load), seconds);
      results.push({ label: `wrk (\`-t1 -c${USERS}\`)`, result, note: skipped });
    }
    for (const run of runs) {
      process.stderr.write(`bench: tail, ${run.label} …\n`);
      const { result, skipped } = await runOne(pin, browseLoad(load, run.flags), seconds);
      results.push({ label: run.label, result, note: skipped });
    }
  } finally {
    await target.stop();
  }
  const wrkP99 = results[0].result?.latency.p99 ?? NaN;
  const lines = results.map((r) => [
    r.label,
    fig(r.result ? r.result.requests / r.result.seconds : null),
    `${fig(r.result?.latency.p50, 1)} / ${fig(r.result?.latency.p99, 1)}`,
    r.result ? `${fig((r.result.latency.p99 ?? NaN) / wrkP99, 2)}×` : '–',
    r.note ?? '',
  ]);
  return {
    title: 'Honest tail: p99 against wrk on a 20 ms target',
    body: table(['tool', 'req/s', 'p50 / p99 ms', 'p99 vs wrk', 'note'], lines) +
      `\n\nDemo target with \`--latency ${LATENCY_MS}\`, \`GET /health\`, ${USERS} users (connections), ${seconds} s each. Goal: browse-load's p99 ≤ 1.2× wrk's, with 1 and with 2 workers (\`--workers 2\` pinned to the generator's one core like wrk's one thread).`,
  };
}
