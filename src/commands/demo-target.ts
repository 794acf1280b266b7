/**
 * `browse-load demo-target`: flags -> DemoTargetOptions (every bad flag reported at once),
 * then startDemoTarget(). The first line on stdout is the base URL, so scripts can start it
 * in the background and read where it listens.
 */
import { Command, CommanderError } from 'commander';
import { parseDuration } from '../config/duration.js';
import { UsageError } from '../errors.js';
import { DEFAULTS, resolveOptions, validateOptions, type DemoTargetOptions } from '../target/options.js';

interface Flags {
  port: string;
  host: string;
  username: string;
  password: string;
  apiKey: string;
  gzip: boolean;
  gzipFor: string[];
  cacheControl: string[];
  validators: boolean;
  latency?: string;
  latencyFor: string[];
  jitter?: string;
  errorRate?: string;
  stall?: string;
  redirect: string[];
  etagSuffixGzip?: boolean;
  perRequestEtag?: boolean;
  /** Negated flags (--no-vary): commander sets them true unless given. */
  vary?: boolean;
  maxAge?: boolean;
  expires?: string;
  api?: boolean;
  seed: string;
  tls?: boolean;
  http2?: boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];

function toNumber(raw: string): number | undefined {
  const value = raw.trim() === '' ? NaN : Number(raw);
  return Number.isFinite(value) ? value : undefined;
}

/** Turns flags into options; a flag that does not parse is reported and left out. */
export function parseFlags(flags: Flags): { options: DemoTargetOptions; problems: string[] } {
  const problems: string[] = [];
  const number = (flag: string, raw: string | undefined, what: string): number | undefined => {
    if (raw === undefined) return undefined;
    const value = toNumber(raw);
    if (value === undefined) problems.push(`${flag} needs ${what}, got "${raw}"`);
    return value;
  };
  const pairs = (flag: string, list: string[], form: string, lastEquals: boolean): [string, string][] =>
    list.flatMap((item): [string, string][] => {
      const at = lastEquals ? item.lastIndexOf('=') : item.indexOf('=');
      if (at <= 0) {
        problems.push(`${flag} needs ${form}, got "${item}"`);
        return [];
      }
      return [[item.slice(0, at), item.slice(at + 1)]];
    });

  const latencyFor: Record<string, number> = {};
  for (const [path, raw] of pairs('--latency-for', flags.latencyFor, 'PATH=MS', true)) {
    const ms = number(`--latency-for ${path}`, raw, 'milliseconds');
    if (ms !== undefined) latencyFor[path] = ms;
  }
  let stall: DemoTargetOptions['stall'];
  if (flags.stall !== undefined) {
    const match = /^(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$/.exec(flags.stall.trim());
    if (match) stall = { ms: Number(match[1]), everySeconds: Number(match[2]) };
    else problems.push(`--stall needs MS:EVERY_S (for example 300:5), got "${flags.stall}"`);
  }
  const port = number('--port', flags.port, 'a port number');
  const expiresS = flags.expires === undefined ? null : parseDuration(flags.expires);
  if (flags.expires !== undefined && expiresS === null) problems.push(`--expires needs a duration like 1h, 30m or 90s, got "${flags.expires}"`);
  const options: DemoTargetOptions = {
    port: port,
    host: flags.host,
    username: flags.username,
    password: flags.password,
    apiKey: flags.apiKey,
    gzip: flags.gzip,
    noGzipFor: flags.gzipFor,
    cacheControl: Object.fromEntries(pairs('--cache-control', flags.cacheControl, 'PATH=VALUE', false)),
    validators: flags.validators,
    latencyMs: number('--latency', flags.latency, 'milliseconds'),
    latencyFor,
    jitterMs: number('--jitter', flags.jitter, 'milliseconds'),
    errorRate: number('--error-rate', flags.errorRate, 'a fraction from 0 to 1'),
    stall,
    redirects: Object.fromEntries(pairs('--redirect', flags.redirect, 'FROM=TO', false)),
    etagSuffixGzip: flags.etagSuffixGzip ?? false,
    perRequestEtag: flags.perRequestEtag ?? false,
    vary: flags.vary ?? true,
    maxAge: flags.maxAge ?? true,
    expiresS,
    api: flags.api ?? true,
    seed: number('--seed', flags.seed, 'an integer'),
    tls: flags.tls ?? false,
    http2: flags.http2 ?? false,
  };
  return { options, problems: [...problems, ...validateOptions(resolveOptions(options))] };
}

async function serve(flags: Flags): Promise<void> {
  const { options, problems } = parseFlags(flags);
  if (problems.length > 0) throw new UsageError(problems.join('; '));
  // Loaded here, so other commands do not pay for fastify and the seed data at startup.
  const { startDemoTarget } = await import('../target/server.js');
  const target = await startDemoTarget(options);
  const stop = () => {
    // In-flight requests get a moment to finish; then we leave regardless.
    setTimeout(() => process.exit(0), 3000).unref();
    target.close().then(
      () => process.exit(0),
      () => process.exit(0),
    );
  };
  // Before the URL goes out: a script may signal as soon as it has read it.
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  process.stdout.write(`${target.url}\n`);
  process.stderr.write(
    `demo-target: serving the demo ERP at ${target.url} (user ${flags.username}, X-API-Key ${flags.apiKey}); Ctrl-C stops it\n`,
  );
}

export function demoTargetCommand(): Command {
  return new Command('demo-target')
    .description('Serve the demo ERP (the erp-api.md contract) for tests, benchmarks and first runs. The first stdout line is the base URL.')
    .option('--port <n>', 'port to listen on; 0 picks a free port', '8000')
    .option('--host <address>', 'address to listen on', DEFAULTS.host)
    .option('--username <name>', 'user accepted by POST /api/token/', DEFAULTS.username)
    .option('--password <password>', 'password accepted by POST /api/token/', DEFAULTS.password)
    .option('--api-key <key>', 'key accepted in the X-API-Key header', DEFAULTS.apiKey)
    .option('--no-gzip', 'never compress any response (misconfiguration)')
    .option('--no-gzip-for <path>', 'never compress this path: exact, or a prefix ending in * (repeatable)', collect, [])
    .option('--cache-control <path=value>', 'send this Cache-Control on path (exact, or prefix ending in *); empty value removes the header (repeatable)', collect, [])
    .option('--no-validators', 'send no ETag or Last-Modified anywhere, so never a 304 (misconfiguration)')
    .option('--latency <ms>', 'delay every response by MS milliseconds')
    .option('--latency-for <path=ms>', 'delay this path (exact, or prefix ending in *) by MS instead of --latency (repeatable)', collect, [])
    .option('--jitter <ms>', 'add a random 0..MS milliseconds to every response')
    .option('--error-rate <fraction>', 'share (0-1) of /api/* responses that become 500s')
    .option('--stall <ms:every_s>', 'stop answering for MS milliseconds every EVERY_S seconds from start, like a GC pause')
    .option('--redirect <from=to>', 'answer path FROM (exact) with 302 Found and Location: TO, before auth (repeatable)', collect, [])
    .option('--etag-suffix-gzip', 'append -gzip to the ETag of compressed responses and never match it back, as Apache mod_deflate does (misconfiguration)')
    .option('--per-request-etag', 'send a new ETag with every response, so If-None-Match never matches (misconfiguration)')
    .option('--no-vary', 'send compressed responses without Vary: Accept-Encoding (misconfiguration)')
    .option('--no-max-age', 'send static assets without Cache-Control: validators only, heuristic freshness (misconfiguration)')
    .option('--expires <duration>', 'send static assets with Expires this far ahead (1h, 30m) and no Cache-Control (a short lifetime)')
    .option('--no-api', 'serve no /api routes: a static site, every /api path answers 404')
    .option('--seed <n>', 'seed for the data, the pages and the injected faults', String(DEFAULTS.seed))
    .option('--tls', 'serve HTTPS with a self-signed certificate made at start by openssl (clients need --insecure)')
    .option('--http2', 'serve HTTP/2 over TLS (with --tls), HTTP/1.1 still accepted on the same port')
    .addHelpText(
      'after',
      `
Credentials: user ${DEFAULTS.username} / ${DEFAULTS.password}, X-API-Key ${DEFAULTS.apiKey}.
Responses of 200 bytes or more are gzipped when the client accepts gzip.
Exit codes: 0 stopped by SIGINT/SIGTERM, 2 bad flag or port in use.`,
    )
    .action(serve);
}

/**
 * What is wrong with flags meant for the demo target (`run --demo-flags`), checked in this
 * process before the target starts, so a mistake there is a usage error (exit 2) like any other.
 */
export function demoFlagProblems(argv: readonly string[]): string[] {
  let flags: Flags | undefined;
  const command = demoTargetCommand()
    .exitOverride()
    .configureOutput({ writeOut: () => {}, writeErr: () => {} })
    .action((parsed: Flags) => {
      flags = parsed;
    });
  try {
    command.parse([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return [`--demo-flags: ${error.message.replace(/^error: /, '')}`];
    throw error;
  }
  return flags === undefined ? [] : parseFlags(flags).problems.map((problem) => `--demo-flags: ${problem}`);
}
