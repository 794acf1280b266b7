/** `browse-load run`: flags → RunConfig → run → reports; exit code from thresholds or Ctrl-C. */
import { Command, Option } from 'commander';
import { DEFAULTS, type RawRunOptions } from '../config/run-config.js';

export type RunCommandOptions = RawRunOptions & { demoTarget?: boolean; demoFlags?: string };

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function runCommand(): Command {
  return new Command('run')
    .description('Run a load test: protocol users (closed or open model) and browser users against --host, one merged result.')
    .option('-H, --host <url>', 'base URL of the system under test (env HOST, LOCUST_HOST)')
    .option('--demo-target', 'start the embedded demo ERP on a free loopback port and test it (its API key is used unless credentials are given)')
    .option('--demo-flags <flags>', "flags for the demo target, e.g. '--no-gzip-for /static/vendor.js --latency 20'")
    .option('-u, --users <n>', `closed model: peak number of protocol users (default ${DEFAULTS.users})`)
    .option('-r, --spawn-rate <n>', 'closed model: users started per second (default: all within 1 s, at most 100/s)')
    .option('-t, --run-time <duration>', `measured duration, e.g. 90s, 10m, 1h30m (default ${DEFAULTS.runTime})`)
    .option('--warmup <duration>', 'run the load this long first and leave its samples out of the stats')
    .option('-s, --stop-timeout <duration>', `grace period for in-flight requests when stopping (default ${DEFAULTS.stopTimeout})`)
    .option('--arrival-rate <n>', 'open model: iterations per second (latency measured from the intended start)')
    .option('--stages <list>', 'open model: ramp by stages from --arrival-rate (default 0), DURATION:RATE[,…] e.g. 30s:100,2m:100,30s:0; without -t the run lasts the stages')
    .option('--max-users <n>', 'open model: cap on concurrent users (default 1000)')
    .option('--max-backlog <n>', 'open model: arrivals that may wait for a free user before being dropped (default: 10 s of the peak rate, at least --max-users)')
    .option('-f, --flows <file>', 'flow file (TypeScript or JavaScript; default flows/erp.ts)')
    .option('--url <path>', 'quick test: GET this path, one request per iteration (repeatable)', collect)
    .option('-T, --tags <tag>', 'run only tasks with this tag (repeatable)', collect)
    .option('-E, --exclude-tags <tag>', 'skip tasks with this tag (repeatable)', collect)
    .option('--api-key <key>', 'API key for /api/* (env BROWSE_LOAD_API_KEY, LOCUST_API_KEY)')
    .option('--api-key-header <name>', `header that carries the API key (default ${DEFAULTS.apiKeyHeader})`)
    .option('--username <name>', 'JWT login user (env LOCUST_USERNAME)')
    .option('--password <password>', 'JWT login password (env LOCUST_PASSWORD)')
    .option('--login-path <path>', `JWT login path (default ${DEFAULTS.loginPath})`)
    .option('-b, --browser-users <n>', `real Chromium users beside the protocol users; 0 turns them off (default ${DEFAULTS.browserUsers})`)
    .option('--browser-spawn-rate <n>', 'browser users started per second (default 1)')
    .option('--views <list>', 'page views to measure: cold, warm or cold,warm (default cold,warm)')
    .option('--chromium <path>', 'Chromium binary (env CHROMIUM_PATH; default chromium-headless-shell, then chromium)')
    .option('--threshold <expr>', "fail the run (exit 1) unless it holds, e.g. 'p95<500', 'errors<0.1%', 'GET /api/search/:p99<300' (repeatable)", collect)
    .option('--seed-goals', "the team's goals: p95<500 and errors<0.1%")
    .option('--results-dir <dir>', 'run folder (default results/<run-id>)')
    .option('--run-id <id>', 'name of the run (default: date-time)')
    .option('--csv <prefix>', 'also write Locust-compatible CSVs PREFIX_stats.csv, …')
    .option('--csv-full-history', 'per-name rows in PREFIX_stats_history.csv')
    .option('--no-html', 'skip report.html')
    .option('--request-timeout <duration>', `per-request timeout (default ${DEFAULTS.requestTimeout})`)
    .option('--revalidate', 'protocol users repeat GETs with If-None-Match / If-Modified-Since')
    .option('--max-names <n>', `cap on distinct stat names (default ${DEFAULTS.maxNames})`)
    .option('--seed <n>', 'seed of the users\' random choices (default 1)')
    .option('-q, --quiet', 'no live progress')
    .addOption(new Option('--debug', 'print stack traces of errors'))
    .action(async (raw: RunCommandOptions) => {
      // The engine loads only when a run starts: --help and other commands stay fast.
      const { executeRun } = await import('./execute.js');
      await executeRun(raw);
    });
}
