/** What `browse-load run` does once its flags are parsed: config, flow, run, reports, exit code. */
import { buildRunConfig, type RawRunOptions } from '../config/run-config.js';
import { EXIT, UsageError } from '../errors.js';
import { loadFlowFile, urlFlow } from '../flow-api/load.js';
import { renderTerminal, writeReports } from '../report/index.js';
import type { RunCommandOptions } from './command.js';
import { DEMO_API_KEY, type DemoTargetProcess, spawnDemoTarget } from './demo-target-process.js';
import { runLoadTest } from './run.js';

export async function executeRun(raw: RunCommandOptions): Promise<void> {
  if (raw.demoTarget && raw.host) throw new UsageError('--demo-target and --host exclude each other');
  // Ctrl-C while the demo target starts: leave at once (the exit hook stops the target).
  const leave = () => process.exit(EXIT.stoppedByUser);
  process.once('SIGINT', leave).once('SIGTERM', leave);
  let demo: DemoTargetProcess | null;
  try {
    demo = raw.demoTarget ? await spawnDemoTarget(raw.demoFlags?.split(/\s+/).filter(Boolean)) : null;
  } finally {
    process.off('SIGINT', leave).off('SIGTERM', leave);
  }
  try {
    await runAgainst(demo ? withDemoDefaults(raw, demo.url) : raw);
  } finally {
    await demo?.stop();
  }
}

/** Against the demo target, its default API key stands in when no credentials were given. */
function withDemoDefaults(raw: RawRunOptions, url: string): RawRunOptions {
  const hasCredentials = raw.apiKey ?? raw.username ?? process.env.BROWSE_LOAD_API_KEY ?? process.env.LOCUST_API_KEY ?? process.env.LOCUST_USERNAME;
  return { ...raw, host: url, apiKey: hasCredentials ? raw.apiKey : DEMO_API_KEY };
}

async function runAgainst(raw: RawRunOptions): Promise<void> {
  const config = buildRunConfig(raw);
  const { flow, source } = config.urls.length > 0 ? { flow: urlFlow(config.urls), source: '--url' } : await loadFlowFile(config.flowFile);
  const outcome = await runLoadTest({
    config,
    flow,
    flowSource: source,
    onWritten: async (summary, runDir) => {
      await writeReports(summary, runDir, { csvPrefix: config.csvPrefix ?? undefined, csvFullHistory: config.csvFullHistory, html: config.html });
    },
  });
  process.stdout.write(renderTerminal(outcome.summary, { color: process.stdout.isTTY }));
  process.stdout.write(`\nResults: ${outcome.runDir}\n`);
  if (config.html) process.stdout.write(`Report:  ${outcome.runDir}/report.html\n`);
  process.exitCode = outcome.exitCode;
}
