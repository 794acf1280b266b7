/**
 * A `ui` session: everything checked before the page is served (the flags that give the form its
 * defaults, where it listens, the results folder), the demo target when asked, then the page's
 * URL as the command's first line. Each Start builds its RunConfig as `run` does (the same groups
 * and validation; a bad field is one line on the page, in the field's own name), runs it in this
 * process through the runner, attached to the page, and writes its run folder under
 * --results-dir. Ctrl-C stops a run going on (its results written) and ends the session: exit 3
 * then, 0 when no run was going on.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RawRunOptions, RunConfig } from '../config/run-config.js';
import { Problems } from '../config/problems.js';
import { parseUiWebOptions, type WebOptionsRaw } from '../config/web-options.js';
import { EXIT, type ExitCode, UserFacingError, reportError } from '../errors.js';
import type { Flow } from '../flow-api/api.js';
import type { StartFields } from '../live/ui-page.js';
import { startUiServer, type UiHost, type UiRun, type UiServer } from '../live/ui-server.js';
import { filterTasks } from '../protocol/tasks.js';
import { writeReports } from '../report/index.js';
import { newRunId } from '../result/write.js';
import { buildRunSetup } from '../runner/run-config.js';
import { runLoadTest, type RunOutcome } from '../runner/run.js';
import { DEMO_API_KEY, type DemoTargetProcess } from './demo-target-process.js';
import { demoFlagProblems } from './demo-target.js';
import { makeOutputFolder, writeOutputs } from './output-files.js';
import { loadFlow, splitDemoFlags, startDemo } from './run-action.js';
import { DEFAULT_UI_RESULTS } from './ui.js';

export type UiOptions = RawRunOptions & Omit<WebOptionsRaw, 'web'> & { port?: string; demoTarget?: boolean; demoFlags?: string; debug?: boolean };

/** Checks the run's flags before the demo target is up (as `run --demo-target` does). */
const STAND_IN = 'http://127.0.0.1';

/** The form's fields by the flags they stand for: a problem names the field the user typed in. */
const FIELD_OF_FLAG: Record<string, string> = { '--host': 'Host', '--users': 'Users', '--spawn-rate': 'Spawn rate', '--run-time': 'Run time', '--browser-users': 'Browser users' };
const relabel = (message: string) => message.replace(/^--[a-z-]+/, (flag) => FIELD_OF_FLAG[flag] ?? flag);

export async function runUiSession(given: UiOptions): Promise<void> {
  const { port, webHost, webAuth, demoTarget, demoFlags, debug, resultsDir = DEFAULT_UI_RESULTS, ...runRaw } = given;
  const problems = new Problems();
  const bind = parseUiWebOptions({ port, webHost, webAuth }, problems);
  if (demoFlags !== undefined && !demoTarget) problems.push('--demo-flags needs --demo-target (they are flags of the embedded demo target)');
  if (demoTarget) problems.push(...demoFlagProblems(splitDemoFlags(demoFlags)));
  if (demoTarget && runRaw.host !== undefined) problems.push('--demo-target and --host exclude each other');
  problems.throwIfAny();
  // The form's defaults must make a run: the flags' problems now, in one line, not at the first Start.
  buildRunSetup({ ...runRaw, host: runRaw.host ?? STAND_IN }, process.env, { fallbackApiKey: demoTarget ? DEMO_API_KEY : undefined });
  makeOutputFolder('--results-dir', resultsDir);
  const demo = demoTarget ? await startDemo(demoFlags) : null;
  try {
    const session = new UiSession(runRaw, resolve(resultsDir), demo, debug === true);
    const server = await startUiServer(session, defaultsOf(runRaw, demo), bind);
    session.serveOn(server);
    process.stdout.write(`Web UI: ${server.url}\n`);
    const code = await session.ended;
    await server.close();
    await demo?.stop();
    process.exit(code);
  } catch (error) {
    await demo?.stop();
    throw error;
  }
}

/** The form as the flags fill it; '' leaves `run`'s default (shown as the field's hint). */
function defaultsOf(raw: RawRunOptions, demo: DemoTargetProcess | null): StartFields {
  return { host: demo?.url ?? withoutUserInfo(raw.host ?? ''), users: raw.users ?? '', spawnRate: raw.spawnRate ?? '', runTime: raw.runTime ?? '', browserUsers: raw.browserUsers ?? '' };
}

/** A host written `http://user:secret@…` shows in the page without its user and password (the run drops them too). */
function withoutUserInfo(host: string): string {
  try {
    const url = new URL(host);
    if (url.username === '' && url.password === '') return host;
    url.username = '';
    url.password = '';
    return url.href.replace(/\/$/, '');
  } catch {
    return host;
  }
}

class UiSession implements UiHost {
  private server: UiServer | null = null;
  private readonly runs: UiRun[] = [];
  private running: Promise<void> | null = null;
  private signals = 0;
  private finish: (code: ExitCode) => void = () => {};
  /** The session's exit code, once Ctrl-C (or SIGTERM) came and the run going on is written. */
  readonly ended = new Promise<ExitCode>((done) => (this.finish = done));

  constructor(
    private readonly raw: RawRunOptions,
    private readonly resultsDir: string,
    private readonly demo: DemoTargetProcess | null,
    private readonly debug: boolean,
  ) {
    const onSignal = () => this.signalled();
    process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
  }

  get busy(): boolean {
    return this.running !== null;
  }

  serveOn(server: UiServer): void {
    this.server = server;
  }

  async start(fields: StartFields): Promise<string | null> {
    if (this.running || !this.server) return 'a run is going on: Stop it first';
    if (this.signals > 0) return 'the session is ending';
    const runId = this.freshRunId();
    let config: RunConfig;
    let flow: { flow: Flow; source: string };
    try {
      config = this.configOf(fields, runId);
      flow = await loadFlow(config, relabel);
      if (flow.flow.protocol) filterTasks(flow.flow.protocol.tasks, config.tags, config.excludeTags);
    } catch (error) {
      if (error instanceof UserFacingError) return error.message;
      throw error;
    }
    const entry: UiRun = { id: runId, host: config.host, runDir: join(this.resultsDir, runId), outcome: null, written: false };
    this.runs.push(entry);
    this.server.showRuns(this.runs);
    this.running = this.execute(config, flow, entry).finally(() => this.afterRun());
    return null;
  }

  /** `run`'s building and validation, the form's fields in place of the flags they stand for. */
  private configOf(fields: StartFields, runId: string): RunConfig {
    const given = (value: string) => (value === '' ? undefined : value);
    const raw = { ...this.raw, host: given(fields.host), users: given(fields.users), spawnRate: given(fields.spawnRate), runTime: given(fields.runTime), browserUsers: given(fields.browserUsers), runId, resultsDir: join(this.resultsDir, runId) };
    // The demo target's key stands in, as with `run --demo-target`, only for the demo target.
    const fallbackApiKey = this.demo && raw.host === this.demo.url ? DEMO_API_KEY : undefined;
    return buildRunSetup(raw, process.env, { fallbackApiKey, relabel }).config;
  }

  private async execute(config: RunConfig, flow: { flow: Flow; source: string }, entry: UiRun): Promise<void> {
    try {
      const outcome = await runLoadTest({ config, flow: flow.flow, flowSource: flow.source, flowFromConfig: true, watch: (source) => this.server!.attach(source) });
      if (outcome.ending !== 'stopped-at-once') {
        await writeOutputs(() => writeReports(outcome.summary, outcome.runDir, { html: config.html }));
        entry.written = true;
      }
      entry.outcome = outcomeLine(outcome);
    } catch (error) {
      entry.outcome = `could not run: ${error instanceof UserFacingError ? error.message : 'internal error'}`;
      // The line on stderr too; an internal error's stack with --debug.
      reportError(error, this.debug);
    }
    process.stdout.write(`Run ${entry.id}: ${entry.outcome} (${entry.runDir})\n`);
  }

  private afterRun(): void {
    this.running = null;
    this.server?.showRuns(this.runs);
    if (this.signals > 0) this.finish(EXIT.stoppedByUser);
  }

  /** The first Ctrl-C stops the run going on (the runner's own watch does) or ends an idle session. */
  private signalled(): void {
    this.signals++;
    if (!this.running) this.finish(EXIT.ok);
  }

  /** The date-time, as `run` names its runs; a second run within the same second gets -2, -3, … */
  private freshRunId(): string {
    const base = newRunId();
    const taken = (id: string) => this.runs.some((r) => r.id === id) || existsSync(join(this.resultsDir, id));
    let id = base;
    for (let n = 2; taken(id); n++) id = `${base}-${n}`;
    return id;
  }
}

function outcomeLine(outcome: RunOutcome): string {
  if (outcome.ending === 'stopped-at-once') return 'stopped at once, partial results';
  if (outcome.noneCompleted) return 'no request completed within the run';
  const ended = outcome.ending === 'stopped' ? 'stopped' : 'completed';
  const { thresholds } = outcome.summary;
  if (thresholds.length === 0) return `${ended}: ${outcome.summary.aggregate.count} requests, ${outcome.summary.aggregate.failures} failed`;
  return `${ended}: thresholds ${outcome.thresholdsFailed ? 'failed' : 'passed'}`;
}
