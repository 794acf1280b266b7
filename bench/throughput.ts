/**
 * Side by side: browse-load, autocannon, wrk, hey and Locust FastHttpUser in turn against the
 * demo target's cheapest route, same connections and duration, generator pinned to its own core.
 * The figure that matters is requests per generator CPU-second (whole process tree, start-up
 * included), as a ratio to browse-load's.
 */
import { autocannon, browseLoad, hey, locust, missing, undiciFloor, wrk, type Invocation, type Load, type ToolResult } from './peers.js';
import { fig, hasWorkersFlag, measure, startTarget, table, type Measured, type Pinning, type Section } from './tools.js';

interface Row {
  label: string;
  run?: Measured;
  result?: ToolResult;
  skipped?: string;
}

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);

function invocations(load: Load): { label: string; skipped: string | null; make: () => Invocation }[] {
  const users = String(load.connections);
  const workers = hasWorkersFlag() ? ['--workers', '1'] : [];
  const blFlags = ['-u', users, '-r', users, ...workers];
  return [
    { label: `browse-load (\`--url ${load.path} ${blFlags.join(' ')}\`)`, skipped: null, make: () => browseLoad(load, blFlags) },
    { label: `autocannon (\`-c ${users}\`)`, skipped: null, make: () => autocannon(load) },
    // What our HTTP client costs with nothing of ours around it: the most browse-load could reach.
    { label: `undici floor (\`bench/undici-floor.ts\`: ${users} bare Clients, no recording)`, skipped: null, make: () => undiciFloor(load, 'timed') },
    { label: `wrk (\`-t1 -c${users}\`)`, skipped: missing('wrk'), make: () => wrk(load) },
    { label: `hey (\`-c ${users} -z\`)`, skipped: missing('hey'), make: () => hey(load) },
    { label: `Locust FastHttpUser (\`-u ${users} -r ${users}\`)`, skipped: missing('locust'), make: () => locust(load) },
  ];
}

async function runOne(pin: Pinning, invocation: Invocation, seconds: number): Promise<{ run: Measured; result?: ToolResult; skipped?: string }> {
  const run = await measure(pin, invocation, seconds + 60);
  try {
    return { run, result: invocation.read(run) };
  } catch {
    return { run, skipped: `${invocation.tool} gave no readable result (exit ${run.exitCode}): ${run.stderr.trim().split('\n').pop() ?? ''}` };
  }
}

function render(rows: Row[], load: Load): string {
  const perCpu = (r: Row) => (r.result && r.run ? r.result.requests / r.run.cpuSeconds : NaN);
  const base = perCpu(rows[0]);
  const lines = rows.map((r) => {
    if (!r.result || !r.run) return [r.label, r.skipped ?? 'skipped', '', '', '', '', '', ''];
    const { result, run } = r;
    return [
      r.label,
      fig(result.requests / result.seconds),
      fig(run.cpuSeconds, 2),
      fig(perCpu(r)),
      `${fig(perCpu(r) / base, 2)}×`,
      `${fig(result.latency.p50, 2)} / ${fig(result.latency.p99, 2)}`,
      fig(run.peakRssMb),
      fig(result.failures),
    ];
  });
  return table(['tool', 'req/s', 'generator CPU-s', 'req per CPU-s', 'vs browse-load', 'p50 / p99 ms', 'peak RSS MB', 'failures'], lines) +
    `\n\nEach tool for ${load.seconds} s on \`GET ${load.path}\` with ${load.connections} connections (users), one after the other. ` +
    'CPU-s: user + system of the whole process tree (`/usr/bin/time`), start-up included; req/s over each tool\'s own measured window; ' +
    'peak RSS: the largest process. hey prints latency in 0.1 ms steps, Locust rounds to 2 significant digits (whole ms), autocannon to whole ms; ' +
    'the undici floor records nothing and is started through tsx, which adds about 0.2 CPU-s to its start' +
    (hasWorkersFlag() ? '.' : '; this browse-load has no `--workers` flag yet, so it ran as it does by default.');
}

export async function throughput(pin: Pinning, seconds: number): Promise<Section> {
  const target = await startTarget(pin);
  const load: Load = { baseUrl: target.url, path: '/health', seconds, connections: CONNECTIONS };
  const rows: Row[] = [];
  try {
    for (const tool of invocations(load)) {
      process.stderr.write(`bench: throughput, ${tool.label} …\n`);
      if (tool.skipped) rows.push({ label: tool.label, skipped: tool.skipped });
      else rows.push({ label: tool.label, ...(await runOne(pin, tool.make(), seconds)) });
    }
  } finally {
    await target.stop();
  }
  return { title: 'Requests per generator CPU-second, side by side', body: render(rows, load) };
}

export { runOne };
