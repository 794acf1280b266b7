/**
 * The open-model stall benchmark: the demo target stops answering for D ms every T s while
 * requests are due at a fixed rate. A tool free of coordinated omission times each request from
 * its intended start, so its tail shows the stall; the analytic values say by how much.
 */
import { autocannon, browseLoad, missing, wrk, type Invocation, type Load, type Percentiles, type ToolResult } from './peers.js';
import { runOne } from './throughput.js';
import { fig, hasWorkersFlag, startTarget, table, type Pinning, type Section } from './tools.js';

const STALL_MS = 1000;
const EVERY_S = 5;
const RATE = 100;
const USERS = 10;
/** Each tool starts this long before a stall window opens, so both windows of its run fall whole
 * inside it whatever its own start-up takes (0.1–0.5 s): a window cut by the run's end loses its
 * slowest requests and reads p90 far below the analytic value. */
const LEAD_MS = 1500;

/**
 * Arrivals during a stall wait for its end: a share D/T of all requests, their latency uniform on
 * (0, D]. So P(latency > y) = (D/T)(1 - y/D), and the q-quantile is D - (1 - q)·T (for q above
 * 1 - D/T), plus the server's own time, which is negligible here.
 */
export function analyticQuantileMs(q: number): number {
  return STALL_MS - (1 - q) * EVERY_S * 1000;
}

interface Row {
  label: string;
  latency?: Percentiles;
  result?: ToolResult;
  note: string;
}

interface Tool {
  label: string;
  note: string;
  make: () => Invocation;
  /** browse-load: also a row of the same run's latency from the real send. */
  withUncorrected?: boolean;
  skipped?: string | null;
}

function invocations(load: Load): Tool[] {
  const open = ['--arrival-rate', String(RATE), '--max-users', String(USERS)];
  const byWorkers = hasWorkersFlag() ? [1, 2].map((n) => ({ flags: [...open, '--workers', String(n)], label: `browse-load (\`--workers ${n}\`)` })) : [{ flags: open, label: 'browse-load' }];
  const paceMs = (USERS * 1000) / RATE;
  return [
    ...byWorkers.map(({ flags, label }, i) => ({ label, note: 'from the intended start', make: () => browseLoad(load, flags), withUncorrected: i === 0 })),
    { label: `autocannon (\`-c ${USERS} -R ${RATE}\`)`, note: 'its `-R` correction fills gaps at an expected interval of ⌈1/rate⌉ = 1 ms, not the schedule\'s, and sends in per-second buckets', make: () => autocannon(load, ['-R', String(RATE)]) },
    {
      label: `wrk (\`-c ${USERS}\`, Lua \`delay()\` of ${paceMs} ms)`,
      note: 'paced closed loop: not coordinated-omission-free (Debian has no wrk2)',
      make: () => wrk(load, `function delay()\n  return ${paceMs}\nend\n`),
      skipped: missing('wrk'),
    },
  ];
}

function render(rows: Row[], seconds: number): string {
  const p90 = analyticQuantileMs(0.9);
  const p99 = analyticQuantileMs(0.99);
  const off = (x: number | null | undefined, ref: number) => (x === null || x === undefined ? '–' : `${fig((100 * (x - ref)) / ref, 0)} %`);
  const lines = rows.map((r) => [r.label, fig(r.latency?.p90), fig(r.latency?.p99), `${off(r.latency?.p90, p90)} / ${off(r.latency?.p99, p99)}`, fig(r.result?.requests), r.note]);
  lines.push(['analytic', fig(p90), fig(p99), '', fig(RATE * seconds), `D − (1 − q)·T with D = ${STALL_MS} ms, T = ${EVERY_S} s`]);
  return table(['tool', 'p90 ms', 'p99 ms', 'off analytic p90 / p99', 'requests', 'latency measured'], lines) +
    `\n\nDemo target with \`--stall ${STALL_MS}:${EVERY_S}\`, ${RATE} requests/s due on \`GET /health\` for ${seconds} s, ${USERS} users (connections). ` +
    'Goal: browse-load within 10 % of the analytic p90 and p99, with 1 and with 2 workers. `--workers 2` runs pinned to the generator\'s one core like every tool here, ' +
    'so its two workers and the main thread share that core: the line shows what splitting the users costs, not what a second core gives.';
}

export async function stall(pin: Pinning, seconds: number): Promise<Section> {
  const duration = Math.max(EVERY_S * 2, Math.ceil(seconds / EVERY_S) * EVERY_S); // whole stall periods
  const target = await startTarget(pin, ['--stall', `${STALL_MS}:${EVERY_S}`]);
  const targetStartedAt = Date.now(); // the target's stall clock starts as it prints its URL
  const load: Load = { baseUrl: target.url, path: '/health', seconds: duration, connections: USERS };
  const rows: Row[] = [];
  try {
    for (const tool of invocations(load)) {
      process.stderr.write(`bench: stall, ${tool.label} …\n`);
      if (tool.skipped) {
        rows.push({ label: tool.label, note: tool.skipped });
        continue;
      }
      await untilPhase(targetStartedAt, EVERY_S * 1000 - LEAD_MS);
      const { result, skipped } = await runOne(pin, tool.make(), duration);
      rows.push({ label: tool.label, result, latency: result?.latency, note: skipped ?? tool.note });
      if (tool.withUncorrected) {
        rows.push({ label: `${tool.label}, from the real send`, result, latency: result?.uncorrected, note: 'the same run\'s `uncorrectedLatency`: what a closed loop sees' });
      }
    }
  } finally {
    await target.stop();
  }
  return { title: 'Open model against a stalling server (coordinated omission)', body: render(rows, duration) };
}

/** Sleeps until the target's clock is `phaseMs` into a stall period (windows open at whole periods). */
function untilPhase(startedAt: number, phaseMs: number): Promise<void> {
  const period = EVERY_S * 1000;
  const into = (Date.now() - startedAt) % period;
  const wait = (phaseMs - into + period) % period;
  return new Promise((resolve) => setTimeout(resolve, wait));
}
