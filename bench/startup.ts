/**
 * Start-up, beside autocannon's: the CPU of `--version` (browse-load's and autocannon's, alternately),
 * and of a whole 1 s run of one user against the demo target answering in 20 ms (about 50
 * requests: start, run, summary and reports), each BENCH_STARTUP_ROUNDS times (default 5).
 * Goals: `--version` ≤ 1.5× autocannon's; the 1 s run ≤ 0.5 CPU-s in all.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, ROOT, fig, measure, startTarget, table, type Command, type Pinning, type Section } from './tools.js';

const ROUNDS = Number(process.env.BENCH_STARTUP_ROUNDS ?? 5);
const BOUND_S = 60;

const AUTOCANNON = join(ROOT, 'node_modules/autocannon/autocannon.js');

interface Row {
  label: string;
  cpu: number[];
  /** Requests each run completed (the 1 s run's, from its summary.json): a slow target makes a cheaper run. */
  requests?: number[];
}

const range = (xs: number[]) => (xs.length ? `${fig(Math.min(...xs), 2)}–${fig(Math.max(...xs), 2)}` : '–');
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);

async function cpuOf(pin: Pinning, cmd: Command, into: number[]): Promise<boolean> {
  const run = await measure(pin, cmd, BOUND_S);
  if (run.exitCode === 0) into.push(run.cpuSeconds);
  return run.exitCode === 0;
}

/** How many requests the run in `dir` completed. */
function requestsOf(dir: string): number {
  return (JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as { aggregate: { count: number } }).aggregate.count;
}

export async function startup(pin: Pinning): Promise<Section> {
  const version: Row[] = [
    { label: 'browse-load `--version`', cpu: [] },
    { label: 'autocannon `--version`', cpu: [] },
  ];
  const oneSecond: Row = { label: 'browse-load `run --url /health -u 1 -t 1s -b 0` (20 ms target)', cpu: [], requests: [] };
  const target = await startTarget(pin, ['--latency', '20']);
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      process.stderr.write(`bench: startup, round ${round} …\n`);
      await cpuOf(pin, { command: process.execPath, args: [CLI, '--version'] }, version[0].cpu);
      await cpuOf(pin, { command: process.execPath, args: [AUTOCANNON, '--version'] }, version[1].cpu);
      const dir = mkdtempSync(join(tmpdir(), 'bench-startup-'));
      try {
        const ran = await cpuOf(pin, { command: process.execPath, args: [CLI, 'run', '--host', target.url, '--url', '/health', '-u', '1', '-t', '1s', '-b', '0', '--results-dir', dir] }, oneSecond.cpu);
        if (ran) oneSecond.requests!.push(requestsOf(dir));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  } finally {
    await target.stop();
  }
  const ratio = mean(version[0].cpu) / mean(version[1].cpu);
  const rows = [...version, oneSecond].map((r) => [r.label, String(r.cpu.length), range(r.cpu), fig(mean(r.cpu), 2), r.requests ? fig(mean(r.requests), 0) : '–']);
  return {
    title: 'Start-up: `--version` beside autocannon, and a whole 1 s run',
    body:
      table(['command', 'runs', 'CPU-s range', 'CPU-s mean', 'requests per run (mean)'], rows) +
      `\n\n\`--version\`: browse-load's mean is ${fig(ratio, 2)}× autocannon's (goal ≤ 1.5×). The 1 s run: goal ≤ 0.5 CPU-s in all. ` +
      `CPU-s: user + system of the process tree (\`/usr/bin/time\`), pinned to the generator core, ${ROUNDS} rounds alternated; the demo target (\`--latency 20\`) on the target core. Runs that exited non-zero are left out.`,
  };
}
