/**
 * `make bench`: every benchmark in turn (minutes of load on 127.0.0.1, never part of make test),
 * its tables printed and written to results/bench-<date>.md. BENCH_SECONDS (default 10) sets the
 * duration of each load; BENCH_PARTS=throughput,stall,… runs only those parts (written to
 * results/bench-<date>-<parts>.md); BENCH_LONG=1 adds the 30-minute memory run;
 * BENCH_WORKER_ROUNDS (default 2) sets how often the workers part alternates 1 and 2 workers,
 * BENCH_PER_REQUEST_ROUNDS (default 2) how often the per-request part alternates its runs,
 * BENCH_THROUGHPUT_ROUNDS (default 3) how often the throughput part runs every tool in turn.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { memory } from './memory.js';
import { perRequest } from './per-request.js';
import { stall } from './stall.js';
import { startup } from './startup.js';
import { tail } from './tail.js';
import { throughput } from './throughput.js';
import { ROOT, SECONDS, pinning, type Pinning, type Section } from './tools.js';
import { workers } from './workers.js';

const PARTS: Record<string, (pin: Pinning, seconds: number) => Promise<Section>> = {
  throughput,
  'per-request': perRequest,
  startup,
  stall,
  tail,
  workers,
  memory,
  browser: browserPart,
};

/** The browser benchmark is a script of its own that prints its table; its stdout is the section. */
async function browserPart(): Promise<Section> {
  const out = execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/browser.ts')], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return { title: 'Browser users (`bench/browser.ts`, unpinned: Chromium uses both cores)', body: out.trim() };
}

function load(): string {
  return loadavg().map((x) => x.toFixed(2)).join(' / ');
}

async function main(): Promise<void> {
  // What is measured is the compiled CLI that `make bench` builds (make deps): run directly after an
  // edit, bin/browse-load.js would fall back to tsx and every start-up figure would be tsx's.
  execFileSync(process.execPath, [join(ROOT, 'bin/build.js'), '--if-stale'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const pin = pinning();
  const only = process.env.BENCH_PARTS?.split(',');
  const date = new Date().toISOString().slice(0, 10);
  const loadBefore = load();
  const sections: Section[] = [];
  for (const [name, part] of Object.entries(PARTS)) {
    if (only && !only.includes(name)) continue;
    process.stderr.write(`bench: ${name} …\n`);
    const loadAtStart = load();
    const section = await part(pin, SECONDS);
    sections.push({ ...section, body: `${section.body}\n\nLoad average when this part started: ${loadAtStart}.` });
  }
  const header = [
    `# browse-load benchmarks, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), ${fig0(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}; ${pin.note}. ` +
      `Load average (1 / 5 / 15 min) before: ${loadBefore}, after: ${load()}; anything well above what the bench itself puts on the cores means other work shared them, and every figure is then a floor.`,
  ];
  const markdown = [...header, ...sections.flatMap((s) => ['', `## ${s.title}`, '', s.body])].join('\n') + '\n';
  mkdirSync(join(ROOT, 'results'), { recursive: true });
  // A run of some parts only must not overwrite the day's full results.
  const file = join(ROOT, 'results', `bench-${date}${only ? `-${only.join('+')}` : ''}.md`);
  writeFileSync(file, markdown);
  process.stdout.write(`${markdown}\nwritten to ${file}\n`);
}

function fig0(x: number): string {
  return x.toFixed(0);
}

await main();
