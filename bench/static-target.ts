/**
 * A target that costs next to nothing per request, for the generator-bound benchmarks: node:http
 * with keep-alive, serving one journal page (~90 KB of JSON, the demo target's shape) computed once
 * at start, gzipped once too, so the target's CPU per request is the HTTP exchange alone. The
 * demo target builds and gzips its JSON per request, and on a machine whose cores the generator
 * needs, a benchmark against it measures the target.
 *
 * With `raw`, it is a raw-socket HTTP/1.1 server instead that answers every request head with one
 * fixed, precomputed 200 (`{"status":"ok"}`, keep-alive): no HTTP parser, no headers object, so a
 * generator-bound benchmark of a tiny route measures the generator, not node:http.
 *
 * Run as a script it listens on 127.0.0.1 (port 0) and prints its URL; `startStaticTarget` runs it
 * as a child process and reads the child's CPU from /proc, so a benchmark can state the target's
 * share of the cores.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServer as createRawServer, type Server } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { intBetween, pick, seededRandom } from '../src/random.js';

/** Entries per page: ~260 B of JSON each, so ~90 KB in all. */
export const ENTRIES = 345;
export const PAGE_PATH = '/api/journal-entries/';

const PARTIES = ['Northwind Traders', 'Tyrell Corp', 'Initech', 'Globex', 'Umbrella Ltd', 'Stark Industries'];
const KINDS = ['Recurring insurance', 'Office supplies', 'Payroll run', 'Customer refund', 'Consulting fee'];

/** One page of the demo target's `/api/journal-entries/` list, always the same for a seed. */
export function journalPage(entries = ENTRIES, seed = 1): string {
  const r = seededRandom(seed);
  const results = Array.from({ length: entries }, (_, i) => {
    const amount = (intBetween(r, 100, 500_000) / 100).toFixed(2);
    const day = String(1 + (i % 28)).padStart(2, '0');
    return {
      id: i + 1,
      date: `2026-01-${day}`,
      reference: `JE-${i + 1}`,
      description: `${pick(r, KINDS)} - ${pick(r, PARTIES)} no. ${intBetween(r, 1000, 9999)}`,
      lines: [
        { account: String(intBetween(r, 1000, 1099)), debit: amount, credit: '0.00' },
        { account: String(intBetween(r, 1000, 1099)), debit: '0.00', credit: amount },
      ],
      created_at: `2026-01-${day}T${String(8 + (i % 10)).padStart(2, '0')}:00:00.000Z`,
    };
  });
  return JSON.stringify({ count: entries * 20, next: `${PAGE_PATH}?page=2`, previous: null, results });
}

const RAW_BODY = '{"status":"ok"}';
const RAW_ANSWER = Buffer.from(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${RAW_BODY.length}\r\nconnection: keep-alive\r\n\r\n${RAW_BODY}`);

/** One answer per request head (a blank line ends each; the generators send GETs without a body). */
function rawServer(): Server {
  return createRawServer((socket) => {
    socket.setNoDelay(true);
    let tail = '';
    socket.on('data', (chunk: Buffer) => {
      const text = tail + chunk.toString('latin1');
      let heads = 0;
      let from = 0;
      for (let end = text.indexOf('\r\n\r\n'); end >= 0; end = text.indexOf('\r\n\r\n', from)) {
        heads++;
        from = end + 4;
      }
      tail = text.slice(from);
      if (heads > 0) socket.write(heads === 1 ? RAW_ANSWER : Buffer.concat(Array.from({ length: heads }, () => RAW_ANSWER)));
    });
    socket.on('error', () => socket.destroy());
  });
}

function serve(raw: boolean): void {
  if (raw) return listen(rawServer());
  const identity = Buffer.from(journalPage());
  const gzipped = gzipSync(identity);
  const server = createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
    if (req.method !== 'GET' || !req.url?.startsWith(PAGE_PATH)) {
      res.writeHead(404, { 'content-length': 0 }).end();
      return;
    }
    const gzip = /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
    const body = gzip ? gzipped : identity;
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length, vary: 'accept-encoding', ...(gzip ? { 'content-encoding': 'gzip' } : {}) });
    res.end(body);
  });
  listen(server);
}

function listen(server: Server): void {
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no TCP address');
    process.stdout.write(`http://127.0.0.1:${address.port}\n`);
  });
  process.once('SIGTERM', () => server.close(() => process.exit(0)));
}

export interface StaticTarget {
  url: string;
  /** The target process's CPU so far (user + system), from /proc/<pid>/stat. */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

/** The target in a child process (pinned with taskset to `core` when given); `raw`: see above. */
export async function startStaticTarget(core: number | null = null, raw = false): Promise<StaticTarget> {
  const script = fileURLToPath(import.meta.url);
  const node = [process.execPath, '--import', 'tsx', script, '--serve', ...(raw ? ['--raw'] : [])];
  const [command, ...args] = core === null ? node : ['taskset', '-c', String(core), ...node];
  // From the checkout, so that `--import tsx` resolves whatever the caller's folder.
  const child = spawn(command, args, { cwd: fileURLToPath(new URL('..', import.meta.url)), stdio: ['ignore', 'pipe', 'inherit'] });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the static target did not start within 15 s')), 15_000);
    createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer);
      resolve(line.trim());
    });
    child.once('exit', (code) => reject(new Error(`the static target exited (code ${code})`)));
  });
  // taskset execs node in place, so the child's pid is the server's.
  return {
    url,
    cpuSeconds: () => {
      const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, USER_HZ = 100
    },
    stop: () =>
      new Promise((resolve) => {
        process.off('exit', killOnExit);
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

if (process.argv.includes('--serve') && process.argv[1] === fileURLToPath(import.meta.url)) serve(process.argv.includes('--raw'));
