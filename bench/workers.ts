/**
 * Workers scaling: the generator-bound flow (each request parses a JSON page) with `--workers 1`
 * and `--workers 2`. Unpinned, since two workers need both cores; the target shares them.
 * Until `browse-load run --help` lists `--workers`, this part is a placeholder line.
 */
import { join } from 'node:path';
import { browseLoad, type Load } from './peers.js';
import { runOne } from './throughput.js';
import { ROOT, fig, hasWorkersFlag, startTarget, table, type Pinning, type Section } from './tools.js';

const USERS = 50;
const TITLE = 'Workers scaling: the generator-bound flow with 1 and 2 workers';

export async function workers(pin: Pinning, seconds: number): Promise<Section> {
  if (!hasWorkersFlag()) {
    return { title: TITLE, body: 'Not run: this browse-load has no `--workers` flag yet (`browse-load run --help` does not list it). Once it has, this part runs `bench/flows/parse-json.ts` with `--workers 1` and `--workers 2`.' };
  }
  const unpinned: Pinning = { targetCore: null, generatorCore: null, note: pin.note };
  const target = await startTarget(unpinned, []);
  const load: Load = { baseUrl: target.url, path: '/api/journal-entries/', seconds, connections: USERS, flow: join(ROOT, 'bench/flows/parse-json.ts') };
  const lines: string[][] = [];
  let base = NaN;
  try {
    for (const n of [1, 2]) {
      process.stderr.write(`bench: workers, --workers ${n} …\n`);
      const flags = ['-u', String(USERS), '-r', String(USERS), '--workers', String(n), '--api-key', 'demo-api-key'];
      const { run, result } = await runOne(unpinned, browseLoad(load, flags), seconds);
      const rps = result ? result.requests / result.seconds : NaN;
      if (n === 1) base = rps;
      lines.push([String(n), fig(rps), `${fig(rps / base, 2)}×`, fig(run.cpuSeconds, 2), fig(result?.failures), fig(run.peakRssMb)]);
    }
  } finally {
    await target.stop();
  }
  return {
    title: TITLE,
    body: table(['workers', 'req/s', 'vs 1 worker', 'generator CPU-s', 'failures', 'peak RSS MB'], lines) +
      `\n\n\`bench/flows/parse-json.ts\`, ${USERS} users, ${seconds} s, unpinned (target and generator share every core). Goal on 2 cores: ≥ 1.7× with 2 workers.`,
  };
}
