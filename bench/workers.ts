/**
 * Workers scaling: the generator-bound flow (each request parses and walks a ~90 KB JSON page)
 * with `--workers 1` and `--workers 2`, alternately, BENCH_WORKER_ROUNDS times (default 2), so
 * that a machine whose load changes during the part weighs on both alike.
 *
 * The target is bench/static-target.ts (a precomputed page over node:http): the demo target builds
 * and gzips its JSON per request, and since two workers need both cores the target shares them,
 * so against the demo target this part measured the target. The static target's own CPU is read
 * from /proc and given per request, so its share of the cores is stated, not guessed.
 */
import { join } from 'node:path';
import type { Summary } from '../src/schema/summary.js';
import { browseLoad, type Load, type ToolResult } from './peers.js';
import { PAGE_PATH, startStaticTarget } from './static-target.js';
import { runOne } from './throughput.js';
import { ROOT, fig, hasWorkersFlag, table, type Measured, type Pinning, type Section } from './tools.js';

const USERS = 50;
const ROUNDS = Number(process.env.BENCH_WORKER_ROUNDS ?? 2);
const TITLE = 'Workers scaling: the generator-bound flow with 1 and 2 workers';

interface Sample {
  workers: number;
  round: number;
  run: Measured;
  result?: ToolResult;
  targetCpuS: number;
  skipped?: string;
}

/** Mean busy share of each event loop that ran users: the workers' own, or the main thread's with one. */
function loopBusy(summary: Summary | undefined): string {
  const samples = (summary?.generator.samples ?? []).slice(1); // the first second includes the start
  if (samples.length === 0) return '–';
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const perWorker = samples[0].workerEventLoopPct?.map((_, i) => mean(samples.map((s) => s.workerEventLoopPct?.[i] ?? 0)));
  const pcts = perWorker ?? [mean(samples.map((s) => s.eventLoopPct ?? 0))];
  return pcts.map((p) => `${fig(p)} %`).join(' / ');
}

/**
 * Requests per CPU-second of the load itself: req/s over the mean process CPU of the run's own
 * samples (start-up and the end's summary left out), so that a fixed start-up cost does not hide
 * or fake a per-request difference between one worker and two.
 */
function steadyPerCpu(s: Sample): number {
  const samples = (s.result?.summary?.generator.samples ?? []).slice(1);
  if (!s.result || samples.length === 0) return NaN;
  const cores = samples.reduce((n, x) => n + x.nodePct, 0) / samples.length / 100;
  return s.result.requests / s.result.seconds / cores;
}

const rowsOf = (s: Sample) => (s.result?.summary?.stats ?? []).map((e) => `${e.method} ${e.name}`).join(', ');

function render(samples: Sample[], seconds: number): string {
  const rps = (s: Sample) => (s.result ? s.result.requests / s.result.seconds : NaN);
  const perCpu = (s: Sample) => (s.result ? s.result.requests / s.run.cpuSeconds : NaN);
  const baseOf = (s: Sample) => samples.find((b) => b.workers === 1 && b.round === s.round);
  const expectedRows = rowsOf(samples[0]);
  const lines = samples.map((s) => {
    const base = baseOf(s);
    if (!s.result) return [String(s.workers), String(s.round), s.skipped ?? 'no result', '', '', '', '', '', '', '', ''];
    return [
      String(s.workers),
      String(s.round),
      fig(rps(s)),
      base ? `${fig(rps(s) / rps(base), 2)}×` : '–',
      fig(s.run.cpuSeconds, 2),
      fig(perCpu(s)),
      base ? `${fig(perCpu(s) / perCpu(base), 2)}×` : '–',
      `${fig(steadyPerCpu(s))} (${base ? fig(steadyPerCpu(s) / steadyPerCpu(base), 2) : '–'}×)`,
      loopBusy(s.result.summary),
      fig((s.targetCpuS * 1e6) / s.result.requests),
      `${fig(s.result.failures)}${rowsOf(s) === expectedRows ? '' : ' (other rows!)'}`,
    ];
  });
  return table(['workers', 'round', 'req/s', 'vs 1 worker', 'generator CPU-s', 'req per CPU-s', 'vs 1 worker', 'req per CPU-s under load (vs 1 worker)', 'event loop busy (each worker)', 'target CPU µs/req', 'failures'], lines) +
    `\n\n\`bench/flows/parse-json.ts\` against \`bench/static-target.ts\` (\`GET ${PAGE_PATH}\`, ~90 KB JSON, gzipped once at start), ${USERS} users, ${seconds} s per run, ` +
    `\`--workers 1\` and \`--workers 2\` alternately, ${ROUNDS} rounds; rows: ${expectedRows || '–'}. Unpinned: two workers need both cores, so the target shares them; its CPU per request is in the table. ` +
    'Generator CPU-s: the whole browse-load process (every thread, start-up included); "under load": req/s over the mean process CPU of the run\'s own per-second samples, start-up and summary left out. ' +
    'The req per CPU-s ratios are the part of the scaling that is ours: 1.00× means two workers spend no more CPU per request than one, ' +
    'so throughput doubles when both cores are free; "req/s … vs 1 worker" is the throughput ratio, meaningful only when nothing else used the cores ' +
    '(compare the load average below with the ~2 this part puts on them). Goal on 2 cores: ≥ 1.7× with 2 workers. ' +
    'This machine has 2 cores, so whether throughput keeps rising past 2 workers cannot be measured here.';
}

export async function workers(pin: Pinning, seconds: number): Promise<Section> {
  if (!hasWorkersFlag()) return { title: TITLE, body: 'Not run: this browse-load has no `--workers` flag.' };
  const unpinned: Pinning = { targetCore: null, generatorCore: null, note: pin.note };
  const target = await startStaticTarget();
  const load: Load = { baseUrl: target.url, path: PAGE_PATH, seconds, connections: USERS, flow: join(ROOT, 'bench/flows/parse-json.ts') };
  const samples: Sample[] = [];
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      for (const n of [1, 2]) {
        process.stderr.write(`bench: workers, round ${round}, --workers ${n} …\n`);
        const flags = ['-u', String(USERS), '-r', String(USERS), '--workers', String(n)];
        const before = target.cpuSeconds();
        const { run, result, skipped } = await runOne(unpinned, browseLoad(load, flags), seconds);
        samples.push({ workers: n, round, run, result, skipped, targetCpuS: target.cpuSeconds() - before });
      }
    }
  } finally {
    await target.stop();
  }
  return { title: TITLE, body: render(samples, seconds) };
}
