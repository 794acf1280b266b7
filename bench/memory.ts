/**
 * Memory: 5,000 closed-model users with `between(1, 3)` think time. The generator's RSS and how
 * busy its event loop was; with BENCH_LONG=1 also a 30-minute run at the same steady rate, whose
 * RSS at 30 min should stay within 1.2× its RSS at 5 min (a leak shows as growth).
 */
import { join } from 'node:path';
import type { Summary } from '../src/schema/summary.js';
import { browseLoad, type Load } from './peers.js';
import { runOne } from './throughput.js';
import { ROOT, fig, hasWorkersFlag, startTarget, table, type Pinning, type Section } from './tools.js';

const USERS = 5000;
const SPAWN_RATE = 500;
const LONG_S = 30 * 60;

/** The generator's RSS in the sample nearest to `minutes` after the measurement started. */
function rssAt(summary: Summary, minutes: number): number | null {
  const at = summary.run.measuredFrom + minutes * 60_000;
  const samples = summary.generator.samples;
  if (samples.length === 0) return null;
  return samples.reduce((best, s) => (Math.abs(s.t - at) < Math.abs(best.t - at) ? s : best)).nodeRssMb;
}

function loopShare(summary: Summary): { mean: number; peak: number } {
  const loop = summary.generator.samples.map((s) => s.eventLoopPct ?? 0);
  return { mean: loop.reduce((a, b) => a + b, 0) / Math.max(1, loop.length), peak: Math.max(0, ...loop) };
}

async function runFor(pin: Pinning, url: string, seconds: number) {
  const load: Load = { baseUrl: url, path: '/health', seconds, connections: USERS, flow: join(ROOT, 'bench/flows/health-think.ts') };
  const { run, result } = await runOne(pin, browseLoad(load, ['-u', String(USERS), '-r', String(SPAWN_RATE), ...(hasWorkersFlag() ? ['--workers', '1'] : [])]), seconds);
  return { run, result, summary: result?.summary };
}

export async function memory(pin: Pinning, seconds: number): Promise<Section> {
  const duration = Math.max(seconds, 30); // the ramp alone takes USERS / SPAWN_RATE seconds
  const target = await startTarget(pin);
  const lines: string[][] = [];
  let long = 'RSS after 5 and 30 min: not measured (set BENCH_LONG=1 for the 30-minute run).';
  try {
    process.stderr.write(`bench: memory, ${USERS} users for ${duration} s …\n`);
    const { run, result, summary } = await runFor(pin, target.url, duration);
    if (summary && result) {
      const loop = loopShare(summary);
      lines.push([
        fig(USERS), 'between(1, 3)', fig(duration), fig(result.requests / result.seconds), fig(summary.aggregate.latency.percentiles['95'], 1),
        fig(summary.generator.peakNodeRssMb), fig(run.peakRssMb), `${fig(loop.mean)} / ${fig(loop.peak)}`, String(summary.generator.saturated),
      ]);
    }
    if (process.env.BENCH_LONG === '1') {
      process.stderr.write(`bench: memory, ${USERS} users for 30 min …\n`);
      const longRun = (await runFor(pin, target.url, LONG_S)).summary;
      const [at5, at30] = longRun ? [rssAt(longRun, 5), rssAt(longRun, 29.9)] : [null, null];
      long = `RSS after 5 min ${fig(at5)} MB, after 30 min ${fig(at30)} MB: ${fig(at5 && at30 ? at30 / at5 : null, 2)}× (goal ≤ 1.2×).`;
    }
  } finally {
    await target.stop();
  }
  return {
    title: `Memory: ${fig(USERS)} users with think time`,
    body: table(['users', 'think time', 's', 'req/s', 'p95 ms', 'peak RSS MB (own samples)', 'peak RSS MB (/usr/bin/time)', 'event loop busy % mean / peak', 'saturated'], lines) +
      `\n\n\`bench/flows/health-think.ts\`, started at ${SPAWN_RATE}/s. Goal: RSS ≤ 300 MB, event loop under 50 % busy. ${long}`,
  };
}
