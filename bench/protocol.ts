/**
 * Protocol engine benchmarks (make bench; minutes of load, never part of make test):
 *  1. requests/s per generator CPU-second on the demo target's cheapest route, browse-load and
 *     autocannon side by side at the same connection count;
 *  2. RSS of the generator at 5,000 users with think time.
 * Everything targets a demo target on 127.0.0.1 that this script starts and stops.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnDemoTarget } from '../src/commands/demo-target-process.js';
import type { Summary } from '../src/schema/summary.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'bin/browse-load.js');
const AUTOCANNON = join(ROOT, 'node_modules/autocannon/autocannon.js');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);

/** Runs a command under bash and returns its children's CPU seconds (bash's `times`). */
function timed(command: string): { cpuSeconds: number; stdout: string } {
  const out = execFileSync('bash', ['-c', `${command} > /tmp/bench-out.txt 2>/dev/null; times`], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const children = out.trim().split('\n').pop()!; // "0m1.234s 0m0.567s"
  const [user, sys] = children.split(/\s+/).map((t) => {
    const m = /(\d+)m([\d.]+)s/.exec(t)!;
    return Number(m[1]) * 60 + Number(m[2]);
  });
  return { cpuSeconds: user + sys, stdout: readFileSync('/tmp/bench-out.txt', 'utf8') };
}

function readSummary(dir: string): Summary {
  return JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as Summary;
}

async function main(): Promise<void> {
  const target = await spawnDemoTarget();
  const rows: string[] = [];
  try {
    // 1. Throughput per CPU-second, same connection count.
    const dir = mkdtempSync(join(tmpdir(), 'bench-bl-'));
    const bl = timed(
      `node ${CLI} run --host ${target.url} --url /health -u ${CONNECTIONS} -t ${SECONDS}s -b 0 --no-html --quiet --results-dir ${dir}`,
    );
    const blSummary = readSummary(dir);
    const blSeconds = (blSummary.run.endedAt - blSummary.run.measuredFrom) / 1000;
    const blRps = blSummary.aggregate.count / blSeconds;
    const ac = timed(`node ${AUTOCANNON} -c ${CONNECTIONS} -d ${SECONDS} --json ${target.url}/health`);
    const acResult = JSON.parse(ac.stdout) as { requests: { total: number }; duration: number; latency: { p99: number; p50: number } };
    const acRps = acResult.requests.total / acResult.duration;
    rows.push('| tool | connections | req/s | CPU-s used | req/s per CPU-s | p50 ms | p99 ms |', '|---|---|---|---|---|---|---|');
    rows.push(
      `| browse-load | ${CONNECTIONS} | ${blRps.toFixed(0)} | ${bl.cpuSeconds.toFixed(1)} | ${(blSummary.aggregate.count / bl.cpuSeconds).toFixed(0)} | ${blSummary.aggregate.latency.percentiles['50']} | ${blSummary.aggregate.latency.percentiles['99']} |`,
    );
    rows.push(
      `| autocannon | ${CONNECTIONS} | ${acRps.toFixed(0)} | ${ac.cpuSeconds.toFixed(1)} | ${(acResult.requests.total / ac.cpuSeconds).toFixed(0)} | ${acResult.latency.p50} | ${acResult.latency.p99} |`,
    );

    // 2. 5,000 users with think time: memory and whether the generator kept up.
    const dir5k = mkdtempSync(join(tmpdir(), 'bench-5k-'));
    const flow = join(ROOT, 'bench/flows/health-think.ts');
    spawnSync('node', [CLI, 'run', '--host', target.url, '--flows', flow, '-u', '5000', '-r', '500', '-t', `${Math.max(SECONDS, 30)}s`, '-b', '0', '--no-html', '--quiet', '--results-dir', dir5k], { stdio: 'ignore' });
    const s5k = readSummary(dir5k);
    const peakNodePct = Math.max(...s5k.generator.samples.map((s) => s.nodePct));
    const peakLoopPct = Math.max(...s5k.generator.samples.map((s) => s.eventLoopPct ?? 0));
    rows.push('', '| users | think time | req/s | p95 ms | peak RSS MB | peak generator CPU % of a core | peak event loop busy % | saturated |', '|---|---|---|---|---|---|---|---|');
    rows.push(
      `| 5000 | between(1, 3) | ${(s5k.aggregate.count / ((s5k.run.endedAt - s5k.run.measuredFrom) / 1000)).toFixed(0)} | ${s5k.aggregate.latency.percentiles['95']} | ${s5k.generator.peakNodeRssMb.toFixed(0)} | ${peakNodePct.toFixed(0)} | ${peakLoopPct.toFixed(0)} | ${s5k.generator.saturated} |`,
    );
  } finally {
    await target.stop();
  }
  process.stdout.write(`${rows.join('\n')}\n`);
}

await main();
