/**
 * CPU per request, browse-load beside autocannon and undici's floor (bench/undici-floor.ts: bare
 * undici Clients, what the project's HTTP client costs before any of our code): each tool sends an
 * exact number of requests (browse-load `-i N`, autocannon `-a N`, the floor its N; 50 users /
 * connections on `GET /health`) to the raw-socket target (`bench/static-target.ts` raw, on the
 * target core), once with few and once with many requests (BENCH_PER_REQUEST_MANY, default
 * 20,000), alternately, BENCH_PER_REQUEST_ROUNDS times (default 2). A fixed count, not a fixed
 * duration: on a shared machine the throughput a 10 s run reaches swings with the other work, and
 * with it how much of the run's CPU the fixed costs (start-up, compiling the hot code, the summary)
 * are. The two counts separate them: the difference is the CPU of the extra requests alone.
 */
import { autocannon, browseLoad, undiciFloor, type Invocation, type Load } from './peers.js';
import { startStaticTarget } from './static-target.js';
import { runOne } from './throughput.js';
import { fig, hasWorkersFlag, table, type Pinning, type Section } from './tools.js';

const CONNECTIONS = 50;
const FEW = 2_000;
/** BENCH_PER_REQUEST_MANY: more requests make the per-request figure stand out of a busy machine's noise. */
const MANY = Number(process.env.BENCH_PER_REQUEST_MANY ?? 20_000);
const ROUNDS = Number(process.env.BENCH_PER_REQUEST_ROUNDS ?? 2);
/** Only bounds a run that goes wrong: the counts end every run long before. */
const BOUND_S = 120;

interface Tool {
  label: string;
  make: (load: Load, requests: number) => Invocation;
}

const blFlags = (n: number) => ['-u', String(CONNECTIONS), '-r', String(CONNECTIONS), '-i', String(n), ...(hasWorkersFlag() ? ['--workers', '1'] : [])];

/**
 * BENCH_PER_REQUEST_CLIS="before=/tmp/a/bin/browse-load.js,…": other checkouts' CLIs measured in
 * the same loop, each under its label (an A/B of a change on a shared machine, where only runs
 * alternated in one loop compare).
 */
function otherCheckouts(): Tool[] {
  const list = process.env.BENCH_PER_REQUEST_CLIS?.split(',').filter((x) => x !== '') ?? [];
  return list.map((entry) => {
    const [label, cli] = entry.split('=');
    return { label: `browse-load ${label}`, make: (load, n) => browseLoad(load, blFlags(n), cli) };
  });
}

const TOOLS: Tool[] = [
  { label: `browse-load (\`--url /health -u ${CONNECTIONS} -r ${CONNECTIONS} -i N\`)`, make: (load, n) => browseLoad(load, blFlags(n)) },
  ...otherCheckouts(),
  { label: `autocannon (\`-c ${CONNECTIONS} -a N\`)`, make: (load, n) => autocannon(load, ['-a', String(n)]) },
  { label: `undici floor (\`bench/undici-floor.ts\`: ${CONNECTIONS} bare Clients, no recording)`, make: (load, n) => undiciFloor(load, n) },
];

/** CPU-seconds of each run, by tool and request count, in the order measured. */
type Runs = Map<string, Map<number, number[]>>;

async function measureAll(pin: Pinning, load: Load): Promise<Runs> {
  const runs: Runs = new Map(TOOLS.map((t) => [t.label, new Map([[FEW, []], [MANY, []]])]));
  for (let round = 1; round <= ROUNDS; round++) {
    for (const n of [FEW, MANY]) {
      for (const tool of TOOLS) {
        process.stderr.write(`bench: per-request, round ${round}, ${tool.label}, ${n} requests …\n`);
        const { run, result } = await runOne(pin, tool.make(load, n), BOUND_S);
        // A run that did not send exactly N (it failed, or hit the bound) is left out.
        if (result?.requests === n && result.failures === 0) runs.get(tool.label)!.get(n)!.push(run.cpuSeconds);
      }
    }
  }
  return runs;
}

const mean = (xs: number[]) => (xs.length === 0 ? NaN : xs.reduce((a, b) => a + b, 0) / xs.length);
const range = (xs: number[], decimals: number) => (xs.length === 0 ? '–' : `${fig(Math.min(...xs), decimals)}–${fig(Math.max(...xs), decimals)}`);

/** µs per further request of each round alone (its two runs), for the spread a busy machine gives. */
function byRound(few: number[], many: number[]): number[] {
  return few.slice(0, many.length).map((cpu, i) => ((many[i] - cpu) / (MANY - FEW)) * 1e6);
}

function render(runs: Runs): string {
  const perRequestUs = (label: string) => ((mean(runs.get(label)!.get(MANY)!) - mean(runs.get(label)!.get(FEW)!)) / (MANY - FEW)) * 1e6;
  const base = perRequestUs(TOOLS[0].label);
  const lines = TOOLS.map(({ label }) => {
    const few = runs.get(label)!.get(FEW)!;
    const many = runs.get(label)!.get(MANY)!;
    const us = perRequestUs(label);
    const rounds = range(byRound(few, many), 1);
    return [label, range(few, 2), range(many, 2), range(many.map((cpu) => (cpu / MANY) * 10_000), 3), `${fig(us, 1)} (${rounds})`, fig(mean(few) - (us * FEW) / 1e6, 2), `${fig(base / us, 2)}×`];
  });
  return table([
    'tool', `CPU-s, ${fig(FEW)} requests`, `CPU-s, ${fig(MANY)} requests`, `CPU-s per 10,000 (of ${fig(MANY)})`, 'µs per further request (by round)', 'fixed CPU-s', 'req per CPU-s of further requests vs browse-load',
  ], lines) +
    `\n\nEach tool sends exactly ${fig(FEW)} and ${fig(MANY)} requests with ${CONNECTIONS} connections (users) to the raw-socket target, alternately, ${ROUNDS} rounds; ranges over the rounds. ` +
    'CPU-s: user + system of the whole process tree (`/usr/bin/time`), start-up included. µs per further request: the mean difference between the two counts over the requests between them, in parentheses the range of each round\'s own difference (two versions whose ranges overlap are not told apart); ' +
    'fixed CPU-s: what the few-request run costs beyond those (start-up, compiling the hot code, the summary and reports).';
}

export async function perRequest(pin: Pinning): Promise<Section> {
  const target = await startStaticTarget(pin.targetCore, true);
  try {
    const load: Load = { baseUrl: target.url, path: '/health', seconds: BOUND_S, connections: CONNECTIONS };
    return { title: 'CPU per request, browse-load beside autocannon and bare undici (exact request counts)', body: render(await measureAll(pin, load)) };
  } finally {
    await target.stop();
  }
}
