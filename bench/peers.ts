/**
 * How to drive each tool and read what it printed: browse-load, autocannon, wrk, hey and Locust
 * (FastHttpUser), each as a command plus a reader of its own output format, so that every
 * benchmark compares them through one record.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Summary } from '../src/schema/summary.js';
import { CLI, ROOT, which, type Command, type Measured } from './tools.js';

/** Latency percentiles in ms; p90 only where the tool prints it. */
export interface Percentiles {
  p50: number | null;
  p90: number | null;
  p99: number | null;
}

export interface ToolResult {
  requests: number;
  /** The tool's own measured window (start-up excluded where the tool excludes it). */
  seconds: number;
  failures: number;
  latency: Percentiles;
  /** browse-load open model only: latency from the real send. */
  uncorrected?: Percentiles;
  /** browse-load only: its whole summary.json. */
  summary?: Summary;
}

export interface Invocation extends Command {
  tool: string;
  read(run: Measured): ToolResult;
}

/** Same route, connections (users) and duration for every tool. */
export interface Load {
  baseUrl: string;
  path: string;
  seconds: number;
  connections: number;
  /** browse-load only: a flow file instead of `--url path`. */
  flow?: string;
}

/** A tool that cannot run here, with the reason; null when it can. */
export function missing(tool: 'wrk' | 'hey' | 'locust'): string | null {
  const binary = tool === 'locust' ? '/usr/bin/locust' : tool;
  return which(binary) === null ? `${tool} is not installed (make bench-tools installs Debian's package as root)` : null;
}

function percentiles(summary: Summary['aggregate']['latency'] | undefined): Percentiles {
  const p = summary?.percentiles ?? {};
  return { p50: p['50'] ?? null, p90: p['90'] ?? null, p99: p['99'] ?? null };
}

/**
 * browse-load `run` with its results in a temp folder; `extra` adds model flags (e.g. --arrival-rate);
 * `cli` another checkout's bin/browse-load.js (an A/B of two versions).
 */
export function browseLoad(load: Load, extra: readonly string[], cli = CLI): Invocation {
  const dir = mkdtempSync(join(tmpdir(), 'bench-bl-'));
  return {
    tool: 'browse-load',
    command: process.execPath,
    args: [cli, 'run', '--host', load.baseUrl, ...(load.flow ? ['--flows', load.flow] : ['--url', load.path]), '-t', `${load.seconds}s`, '-b', '0', '--no-html', '--quiet', '--results-dir', dir, ...extra],
    read() {
      const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as Summary;
      const row = summary.stats.find((s) => s.name === load.path);
      return {
        requests: summary.aggregate.count,
        seconds: (summary.run.endedAt - summary.run.measuredFrom) / 1000,
        failures: summary.aggregate.failures,
        latency: percentiles(summary.aggregate.latency),
        uncorrected: row?.uncorrectedLatency ? percentiles(row.uncorrectedLatency) : undefined,
        summary,
      };
    },
  };
}

/** bench/undici-floor.ts: bare undici Clients, nothing of ours, exactly `requests` requests or, `timed`, for load.seconds. */
export function undiciFloor(load: Load, requests: number | 'timed'): Invocation {
  return {
    tool: 'undici floor',
    command: process.execPath,
    args: ['--import', 'tsx', join(ROOT, 'bench/undici-floor.ts'), load.baseUrl + load.path, String(load.connections), requests === 'timed' ? `${load.seconds}s` : String(requests)],
    read(run) {
      const r = JSON.parse(run.stdout) as { requests: number; seconds: number; failures: number };
      return { ...r, latency: { p50: null, p90: null, p99: null } };
    },
  };
}

/** autocannon from node_modules; with `-R` its latency is corrected for coordinated omission. */
export function autocannon(load: Load, extra: readonly string[] = []): Invocation {
  return {
    tool: 'autocannon',
    command: process.execPath,
    args: [join(ROOT, 'node_modules/autocannon/autocannon.js'), '-c', String(load.connections), '-d', String(load.seconds), '--json', ...extra, load.baseUrl + load.path],
    read(run) {
      const r = JSON.parse(run.stdout) as {
        requests: { total: number };
        duration: number;
        errors: number;
        non2xx: number;
        latency: { p50: number; p90: number; p99: number };
      };
      return { requests: r.requests.total, seconds: r.duration, failures: r.errors + r.non2xx, latency: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99 } };
    },
  };
}

/** wrk's durations: "446.00us", "1.35ms", "2.00s", "1.00m". */
function wrkDuration(text: string): number {
  const m = /([\d.]+)(us|ms|s|m)\b/.exec(text);
  if (!m) return NaN;
  const scale = { us: 0.001, ms: 1, s: 1000, m: 60_000 }[m[2] as 'us' | 'ms' | 's' | 'm'];
  return Number(m[1]) * scale;
}

/** wrk with one thread (the generator has one core); `lua` is a script's text, e.g. a delay(). */
export function wrk(load: Load, lua?: string): Invocation {
  const script = lua === undefined ? [] : ['-s', writeTemp('pace.lua', lua)];
  return {
    tool: 'wrk',
    command: 'wrk',
    args: ['-t1', `-c${load.connections}`, `-d${load.seconds}s`, '--latency', ...script, load.baseUrl + load.path],
    read(run) {
      const out = run.stdout;
      const at = (p: number) => {
        const line = new RegExp(`^\\s*${p}%\\s+(\\S+)`, 'm').exec(out);
        return line ? wrkDuration(line[1]) : null;
      };
      const total = /(\d+) requests in ([\d.]+\w+)/.exec(out);
      const errors = [...out.matchAll(/(?:Non-2xx or 3xx responses|connect|read|write|timeout):? (\d+)/g)].reduce((n, m) => n + Number(m[1]), 0);
      return {
        requests: total ? Number(total[1]) : NaN,
        seconds: total ? wrkDuration(total[2]) / 1000 : NaN,
        failures: errors,
        latency: { p50: at(50), p90: at(90), p99: at(99) },
      };
    },
  };
}

/** hey for a duration (`-z`); it prints latencies in seconds with 4 decimals (0.1 ms steps). */
export function hey(load: Load): Invocation {
  return {
    tool: 'hey',
    command: 'hey',
    args: ['-z', `${load.seconds}s`, '-c', String(load.connections), load.baseUrl + load.path],
    read(run) {
      const out = run.stdout;
      const at = (p: number) => {
        const m = new RegExp(`^\\s*${p}%+ in ([\\d.]+) secs`, 'm').exec(out);
        return m ? Number(m[1]) * 1000 : null;
      };
      const responses = [...out.matchAll(/^\s*\[(\d+)\]\s+(\d+) responses/gm)];
      const ok = responses.filter((m) => Number(m[1]) < 400).reduce((n, m) => n + Number(m[2]), 0);
      const all = responses.reduce((n, m) => n + Number(m[2]), 0);
      const errors = [...(/Error distribution:([\s\S]*)/.exec(out)?.[1] ?? '').matchAll(/^\s*\[(\d+)\]/gm)].reduce((n, m) => n + Number(m[1]), 0);
      return { requests: all, seconds: Number(/Total:\s+([\d.]+) secs/.exec(out)?.[1]), failures: all - ok + errors, latency: { p50: at(50), p90: at(90), p99: at(99) } };
    },
  };
}

function writeTemp(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'bench-peer-')), name);
  writeFileSync(path, text);
  return path;
}

const LOCUSTFILE = (path: string) => `from locust import constant, task
from locust.contrib.fasthttp import FastHttpUser


class Route(FastHttpUser):
    wait_time = constant(0)

    @task
    def get(self):
        self.client.get(${JSON.stringify(path)})
`;

/** Locust headless with FastHttpUser, all users started in the first second; reads its stats CSV. */
export function locust(load: Load): Invocation {
  const file = writeTemp('locustfile.py', LOCUSTFILE(load.path));
  const csv = file.replace(/locustfile\.py$/, 'run');
  const users = String(load.connections);
  return {
    tool: 'Locust FastHttpUser',
    command: '/usr/bin/locust',
    args: ['-f', file, '--headless', '-u', users, '-r', users, '-t', `${load.seconds}s`, '-H', load.baseUrl, '--csv', csv, '--only-summary', '--loglevel', 'WARNING'],
    read() {
      const [head, ...lines] = readFileSync(`${csv}_stats.csv`, 'utf8').trim().split('\n');
      const columns = head.split(',');
      const cells = lines.find((l) => l.split(',')[1] === 'Aggregated')!.split(',');
      const get = (name: string) => Number(cells[columns.indexOf(name)]);
      const requests = get('Request Count');
      return { requests, seconds: requests / get('Requests/s'), failures: get('Failure Count'), latency: { p50: get('50%'), p90: get('90%'), p99: get('99%') } };
    },
  };
}
