/**
 * Side by side: browse-load, autocannon, bare undici, wrk, hey and Locust FastHttpUser in turn
 * against the raw-socket target (`bench/static-target.ts` raw: one precomputed answer per request
 * head, on the target core), same connections and duration, generator pinned to its own core.
 * The figure that matters is requests per generator CPU-second (whole process tree, start-up
 * included), as a ratio to browse-load's. Not the demo target: on its one core its fastify
 * answers about as fast as a generator asks, so the target, not the generator, would set the pace.
 */
import { autocannon, browseLoad, hey, locust, missing, undiciFloor, wrk, type Invocation, type Load, type ToolResult } from './peers.js';
import { startStaticTarget } from './static-target.js';
import { fig, hasWorkersFlag, measure, table, type Measured, type Pinning, type Section } from './tools.js';

/** One tool's runs, one per round; `skipped` when it could not run or gave nothing readable. */
interface Row {
  label: string;
  runs: { run: Measured; result: ToolResult }[];
  skipped?: string;
}

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
/**
 * BENCH_THROUGHPUT_ROUNDS (default 3): every tool in turn, that many times. On this VM one tool's
 * 10 s runs swing by a third with the machine alone (autocannon 244k–308k requests in three runs
 * in a row), so one run per tool would rank the tools by luck.
 */
const ROUNDS = Number(process.env.BENCH_THROUGHPUT_ROUNDS ?? 3);

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

const perCpu = (x: { run: Measured; result: ToolResult }) => x.result.requests / x.run.cpuSeconds;

/** The round whose req per CPU-s is the median (the lower middle of an even count). */
function medianRun(row: Row): { run: Measured; result: ToolResult } | undefined {
  const sorted = [...row.runs].sort((a, b) => perCpu(a) - perCpu(b));
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

function render(rows: Row[], load: Load): string {
  const baseRun = medianRun(rows[0]);
  const base = baseRun ? perCpu(baseRun) : NaN;
  const lines = rows.map((r) => {
    const m = medianRun(r);
    if (!m) return [r.label, r.skipped ?? 'skipped', '', '', '', '', '', '', ''];
    const { result, run } = m;
    const all = r.runs.map(perCpu);
    return [
      r.label,
      fig(result.requests / result.seconds),
      fig(run.cpuSeconds, 2),
      fig(perCpu(m)),
      all.length > 1 ? `${fig(Math.min(...all))}–${fig(Math.max(...all))}` : '–',
      `${fig(perCpu(m) / base, 2)}×`,
      `${fig(result.latency.p50, 2)} / ${fig(result.latency.p99, 2)}`,
      fig(run.peakRssMb),
      fig(result.failures),
    ];
  });
  return table(['tool', 'req/s', 'generator CPU-s', 'req per CPU-s', 'range over rounds', 'vs browse-load', 'p50 / p99 ms', 'peak RSS MB', 'failures'], lines) +
    `\n\nEach tool for ${load.seconds} s on \`GET ${load.path}\` of the raw-socket target with ${load.connections} connections (users), the tools in turn, ${ROUNDS} round${ROUNDS === 1 ? '' : 's'} (BENCH_THROUGHPUT_ROUNDS); ` +
    'each row is the round with the median req per CPU-s, the range is over all rounds. ' +
    'CPU-s: user + system of the whole process tree (`/usr/bin/time`), start-up included; req/s over each tool\'s own measured window; ' +
    'peak RSS: the largest process. hey prints latency in 0.1 ms steps, Locust rounds to 2 significant digits (whole ms), autocannon to whole ms; ' +
    'the undici floor records nothing and is started through tsx, which adds about 0.2 CPU-s to its start' +
    (hasWorkersFlag() ? '.' : '; this browse-load has no `--workers` flag yet, so it ran as it does by default.');
}

export async function throughput(pin: Pinning, seconds: number): Promise<Section> {
  const target = await startStaticTarget(pin.targetCore, true);
  const load: Load = { baseUrl: target.url, path: '/', seconds, connections: CONNECTIONS };
  const tools = invocations(load);
  const rows: Row[] = tools.map((t) => ({ label: t.label, runs: [], ...(t.skipped ? { skipped: t.skipped } : {}) }));
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      for (const [i, tool] of tools.entries()) {
        if (tool.skipped) continue;
        process.stderr.write(`bench: throughput, round ${round}, ${tool.label} …\n`);
        const { run, result, skipped } = await runOne(pin, tool.make(), seconds);
        if (result) rows[i].runs.push({ run, result });
        else rows[i].skipped ??= skipped;
      }
    }
  } finally {
    await target.stop();
  }
  return { title: 'Requests per generator CPU-second, side by side', body: render(rows, load) };
}

export { runOne };
