/**
 * Browser users benchmark (`npx tsx bench/browser.ts`; minutes of load, never part of make test).
 *
 * For 1, 2 and 4 browser users: cold and warm page views per second and per CPU-second, the PSS of
 * Chromium per user, and the load time; the headless shell against full Chromium; and the shell
 * again with 500 protocol users (a `browse-load run -b 0` beside it, default flow). Every cold view
 * is a first visit in a new context, as in a run (src/browser/user.ts), the warm view a repeat
 * visit in the same context.
 *
 * Each iteration of a user visits one page, `/` and `/dashboard/` in turn, as a cold view and then
 * a warm view; no think time, so every user is as busy as it can be. The demo target runs in a
 * process of its own. CPU-seconds are Chromium's whole process tree plus this Node process (the
 * driver); the protocol users' process is not in them but is in the machine's CPU %.
 *
 * BENCH_SECONDS (default 12) is the measured time per configuration, after 3 s of warm-up;
 * BENCH_ONLY=shell-1,full-4,shell-2-p500,… runs only the labelled configurations.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBrowserUsers } from '../src/browser/pool.js';
import type { BrowserUsers } from '../src/flow-api/api.js';
import { startHealthSampler } from '../src/metrics/health.js';
import type { Recorder, Sample, StatHandle } from '../src/metrics/types.js';
import { spawnDemoTarget } from '../src/commands/demo-target-process.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'bin/browse-load.js');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 12);
const WARMUP_MS = 3000;
const BINARIES = { shell: '/usr/bin/chromium-headless-shell', full: '/usr/bin/chromium' } as const;

interface Config {
  binary: keyof typeof BINARIES;
  users: number;
  protocolUsers: number;
}

const label = (c: Config): string => `${c.binary}-${c.users}${c.protocolUsers ? `-p${c.protocolUsers}` : ''}`;

const CONFIGS: Config[] = [
  ...[1, 2, 4].map((users): Config => ({ binary: 'shell', users, protocolUsers: 0 })),
  ...[1, 2, 4].map((users): Config => ({ binary: 'shell', users, protocolUsers: 500 })),
  ...[1, 2, 4].map((users): Config => ({ binary: 'full', users, protocolUsers: 0 })),
];

/** Counts page views per view and keeps their durations; nothing else. */
class CountingRecorder implements Recorder {
  ms: Record<'cold' | 'warm', number[]> = { cold: [], warm: [] };
  failures = 0;
  handle(type: string, method: string, name: string): StatHandle {
    return { key: name, type, method, name };
  }
  record(s: Readonly<Sample>): void {
    if (s.error !== null) this.failures++;
    else this.ms[s.handle.name.endsWith('[cold]') ? 'cold' : 'warm'].push(s.latencyUs / 1000);
  }
  recordCut(): void {}
  observeResponse(): void {}
  exception(): void {}
  setUsers(): void {}
  reset(): void {
    this.ms = { cold: [], warm: [] };
    this.failures = 0;
  }
}

/** One page per iteration, `/` and `/dashboard/` in turn, per user. */
function alternatingFlow(): BrowserUsers {
  const turns = new Map<number, number>();
  return {
    async run(user) {
      const turn = turns.get(user.id) ?? 0;
      turns.set(user.id, turn + 1);
      await user.visit(turn % 2 === 0 ? '/' : '/dashboard/');
    },
  };
}

/** 500 protocol users of the default flow in a process of their own, for `seconds`. */
function startProtocolUsers(host: string, users: number, seconds: number): ChildProcess {
  const dir = mkdtempSync(join(tmpdir(), 'bench-browser-proto-'));
  const child = spawn(
    process.execPath,
    [CLI, 'run', '--host', host, '-u', String(users), '-r', String(users), '-t', `${seconds}s`, '-b', '0', '--api-key', 'demo-api-key', '--no-html', '--quiet', '--results-dir', dir],
    { stdio: 'ignore' },
  );
  child.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return child;
}

const median = (xs: number[]): number => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

interface Row {
  config: Config;
  coldPerS: number;
  warmPerS: number;
  viewsPerCpuS: number;
  cpuCores: number;
  machinePct: number;
  pssPerUserMb: number;
  pssTotalMb: number;
  coldMedianMs: number;
  warmMedianMs: number;
  failures: number;
  launchMs: number;
}

async function measure(config: Config, host: string): Promise<Row> {
  const recorder = new CountingRecorder();
  const protocol = config.protocolUsers ? startProtocolUsers(host, config.protocolUsers, Math.ceil((WARMUP_MS + 2000) / 1000 + SECONDS + 5)) : null;
  if (protocol) await new Promise((resolve) => setTimeout(resolve, 2000));
  const launchStarted = performance.now();
  const run = await startBrowserUsers({
    host, users: config.users, spawnRate: 100, views: ['cold', 'warm'], flow: alternatingFlow(), recorder,
    executablePath: BINARIES[config.binary],
  });
  const launchMs = performance.now() - launchStarted;
  try {
    await new Promise((resolve) => setTimeout(resolve, WARMUP_MS));
    run.resetStats();
    recorder.reset();
    const sampler = startHealthSampler({ intervalMs: 1000, browserPids: () => run.pids() });
    const started = performance.now();
    await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
    const seconds = (performance.now() - started) / 1000;
    const cold = recorder.ms.cold.length;
    const warm = recorder.ms.warm.length;
    const coldMs = recorder.ms.cold;
    const warmMs = recorder.ms.warm;
    const health = sampler.stop();
    const cpuPct = mean(health.samples.map((s) => (s.browserPct ?? 0) + s.nodePct));
    const pss = mean(health.samples.map((s) => s.browserRssMb ?? 0));
    return {
      config,
      coldPerS: cold / seconds,
      warmPerS: warm / seconds,
      viewsPerCpuS: (cold + warm) / ((cpuPct / 100) * seconds),
      cpuCores: cpuPct / 100,
      machinePct: mean(health.samples.map((s) => s.machinePct)),
      pssPerUserMb: pss / config.users,
      pssTotalMb: pss,
      coldMedianMs: median(coldMs),
      warmMedianMs: median(warmMs),
      failures: recorder.failures,
      launchMs,
    };
  } finally {
    await run.stop(2000);
    if (protocol && protocol.exitCode === null) {
      protocol.kill('SIGINT');
      await new Promise((resolve) => protocol.once('exit', resolve));
    }
  }
}

const f1 = (x: number): string => (Number.isFinite(x) ? x.toFixed(1) : '–');
const f2 = (x: number): string => (Number.isFinite(x) ? x.toFixed(2) : '–');
const f0 = (x: number): string => (Number.isFinite(x) ? x.toFixed(0) : '–');

function table(rows: Row[]): string {
  const out = [
    '| binary | browser users | protocol users | cold views/s | warm views/s | views per CPU-s | CPU (cores) | machine CPU % | PSS/user MB (total) | cold / warm load median ms | failures | launch ms |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    const c = r.config;
    out.push(
      `| ${c.binary} | ${c.users} | ${c.protocolUsers} | ${f2(r.coldPerS)} | ${f2(r.warmPerS)} | ${f2(r.viewsPerCpuS)} | ${f2(r.cpuCores)} | ${f0(r.machinePct)} | ${f0(r.pssPerUserMb)} (${f0(r.pssTotalMb)}) | ${f0(r.coldMedianMs)} / ${f0(r.warmMedianMs)} | ${r.failures} | ${f0(r.launchMs)} |`,
    );
  }
  return out.join('\n');
}

async function main(): Promise<void> {
  const only = process.env.BENCH_ONLY?.split(',');
  const configs = CONFIGS.filter((c) => existsSync(BINARIES[c.binary]) && (!only || only.includes(label(c))));
  const loadBefore = loadavg()[0];
  const target = await spawnDemoTarget();
  const rows: Row[] = [];
  try {
    for (const config of configs) {
      process.stderr.write(`bench: ${label(config)} …\n`);
      rows.push(await measure(config, target.url));
      process.stderr.write(`  ${f1(rows[rows.length - 1].coldPerS + rows[rows.length - 1].warmPerS)} views/s\n`);
    }
  } finally {
    await target.stop();
  }
  process.stdout.write(
    `${table(rows)}\n\n${SECONDS} s measured per configuration after ${WARMUP_MS / 1000} s warm-up; CPU = Chromium's process tree + the driver, in cores; ` +
      `PSS = Chromium's tree (shared pages once) / users. Load average before/after: ${loadBefore.toFixed(1)} / ${loadavg()[0].toFixed(1)} ` +
      `(anything above ~0.5 before means other work shared the ${availableParallelism()} cores).\n`,
  );
}

await main();
