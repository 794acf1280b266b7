/**
 * The option groups of `run` one at a time (load model timing, outputs, run control, Locust's
 * flags, thresholds, browser): their defaults, what each value becomes, every refusal's whole
 * message, and the help group each flag is listed in with its default.
 */
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { BROWSER_DEFAULTS, browserOptions, parseBrowser, type BrowserRaw } from '../../src/config/browser-options.js';
import { LOAD_DEFAULTS, loadModelOptions, parseTiming, wantsOpenModel } from '../../src/config/load-model.js';
import { locustFlagOptions, parseLocustFlags, tagList, type LocustFlagsRaw } from '../../src/config/locust-flags.js';
import { outputOptions, parseOutputs, resultsDirOption } from '../../src/config/outputs.js';
import { parseRunControl, RUN_CONTROL_DEFAULTS, runControlOptions, type RunControlRaw } from '../../src/config/run-control.js';
import { DEFAULT_EXIT_CODE_ON_ERROR, parseExitCodeOnError, parseThresholds, thresholdOptions } from '../../src/config/threshold-options.js';
import { expectGroup, withProblems } from './helpers.js';

describe('load model timing', () => {
  it('chooses the open model for --arrival-rate or --stages', () => {
    expect([{}, { arrivalRate: '5' }, { stages: '10s:5' }, { users: '3' }].map(wantsOpenModel)).toEqual([false, true, true, false]);
  });

  it('lasts 30 s with no warm-up and a 10 s grace period by default', () => {
    expect(withProblems((p) => parseTiming({}, p))).toEqual({ value: { runTimeS: 30, runTimeGiven: false, warmupS: 0, stopTimeoutS: 10 }, problems: [] });
    expect(withProblems((p) => parseTiming({ runTime: '1m', warmup: '5s', stopTimeout: '0s' }, p)).value).toEqual({ runTimeS: 60, runTimeGiven: true, warmupS: 5, stopTimeoutS: 0 });
  });

  it('refuses a run time of 0 and bad durations, falling back to the defaults', () => {
    expect(withProblems((p) => parseTiming({ runTime: '0s' }, p)).problems).toEqual(['--run-time must be longer than 0s']);
    const bad = withProblems((p) => parseTiming({ runTime: 'x', warmup: 'soon', stopTimeout: 'later' }, p));
    expect(bad.value).toEqual({ runTimeS: 30, runTimeGiven: true, warmupS: 0, stopTimeoutS: 10 });
    expect(bad.problems).toEqual([
      "--run-time wants a duration like 90s, 10m or 1h30m, got 'x'",
      "--warmup wants a duration like 90s, 10m or 1h30m, got 'soon'",
      "--stop-timeout wants a duration like 90s, 10m or 1h30m, got 'later'",
    ]);
  });

  it('lists its flags with their defaults', () => {
    const help = expectGroup(loadModelOptions(), 'Load model:');
    for (const value of Object.values(LOAD_DEFAULTS)) expect(help).toContain(`(default ${value})`);
  });
});

describe('outputs', () => {
  it('has no run folder, id or CSV, no full history, the HTML report and live progress by default', () => {
    expect(withProblems((p) => parseOutputs({}, p))).toEqual({ value: { resultsDir: null, runId: null, csvPrefix: null, csvFullHistory: false, html: true, quiet: false }, problems: [] });
    const given = { resultsDir: 'out', runId: 'r.1', csv: 'out/run', csvFullHistory: true, html: false, quiet: true };
    expect(withProblems((p) => parseOutputs(given, p)).value).toEqual({ resultsDir: 'out', runId: 'r.1', csvPrefix: 'out/run', csvFullHistory: true, html: false, quiet: true });
  });

  it('wants a run id that names one folder, and non-empty folder and prefix', () => {
    for (const runId of ['a/b', 'a\\b', '', '.', '..']) {
      expect(withProblems((p) => parseOutputs({ runId }, p)).problems, runId).toEqual([`--run-id wants a folder name (no / or ..), got '${runId}'; --results-dir names a folder anywhere`]);
    }
    expect(withProblems((p) => parseOutputs({ runId: '..x' }, p)).problems).toEqual([]);
    expect(withProblems((p) => parseOutputs({ resultsDir: ' ', csv: '' }, p)).problems).toEqual(["--results-dir wants a folder, got ''", "--csv wants a file prefix like results/run, got ''"]);
    expect(withProblems((p) => parseOutputs({ csv: '  ' }, p)).problems).toEqual(["--csv wants a file prefix like results/run, got ''"]);
  });

  it('lists its flags; the run folder says what happens without it', () => {
    expectGroup(outputOptions(), 'Outputs:');
    expect(resultsDirOption().description).toBe('run folder, summary.json and reports (default results/<run-id>)');
    expect(resultsDirOption('default: a temporary folder').description).toBe('run folder, summary.json and reports (default: a temporary folder)');
  });
});

describe('run control', () => {
  const control = (raw: RunControlRaw) => withProblems((p) => parseRunControl(raw, p));

  it('has the default flow, no paths or tags, and the documented knobs by default', () => {
    expect(control({})).toEqual({
      value: { flowFile: null, urls: [], tags: [], excludeTags: [], revalidate: false, maxNames: 1000, seed: 1, workers: availableParallelism() },
      problems: [],
    });
    expect(control({ flows: 'f.ts', tags: ['a'], excludeTags: ['b'], revalidate: true, maxNames: '1', seed: '0', workers: '1' }).value).toEqual({
      flowFile: 'f.ts', urls: [], tags: ['a'], excludeTags: ['b'], revalidate: true, maxNames: 1, seed: 0, workers: 1,
    });
  });

  it('refuses a flow with paths, paths not starting with /, and knobs below their minimum', () => {
    expect(control({ flows: 'f.ts', url: ['/a', 'b', 'c'] }).problems).toEqual(['--flows and --url exclude each other', "--url wants a path starting with /, got 'b'", "--url wants a path starting with /, got 'c'"]);
    expect(control({ maxNames: '0', seed: '-1', workers: '0' }).problems).toEqual([
      "--max-names wants a whole number >= 1, got '0'",
      "--seed wants a whole number >= 0, got '-1'",
      "--workers wants a whole number >= 1, got '0'",
    ]);
    expect(control({ url: ['/a'] }).value.urls).toEqual(['/a']);
  });

  it('lists its flags with their defaults', () => {
    const help = expectGroup(runControlOptions(), 'Flow and run control:');
    for (const value of Object.values(RUN_CONTROL_DEFAULTS)) expect(help).toContain(`(default ${value})`);
    expect(help).toContain(`${availableParallelism()} here`);
  });
});

describe("Locust's flags", () => {
  const flags = (raw: LocustFlagsRaw) => withProblems((p) => parseLocustFlags(raw, p));

  it('are INFO, progress and warnings on, no report copy, no reset and no budget by default', () => {
    expect(flags({})).toEqual({ value: { logLevel: 'INFO', noProgress: false, noWarnings: false, debug: false, htmlFile: null, resetStats: false, iterations: null }, problems: [] });
  });

  it('read each level, any case: DEBUG debugs, WARNING hides progress, ERROR and CRITICAL warnings too', () => {
    const of = (loglevel: string) => {
      const { logLevel, noProgress, noWarnings, debug } = flags({ loglevel }).value;
      return [logLevel, noProgress, noWarnings, debug];
    };
    expect(['debug', 'Info', 'WARNING', 'error', 'Critical'].map(of)).toEqual([
      ['DEBUG', false, false, true],
      ['INFO', false, false, false],
      ['WARNING', true, false, false],
      ['ERROR', true, true, false],
      ['CRITICAL', true, true, false],
    ]);
    expect(flags({ loglevel: 'LOUD' })).toMatchObject({ value: { logLevel: 'INFO' }, problems: ["--loglevel wants one of DEBUG, INFO, WARNING, ERROR, CRITICAL, got 'LOUD'"] });
  });

  it('take --only-summary, --html FILE (not --no-html), --reset-stats and -i N ≥ 1', () => {
    expect(flags({ onlySummary: true, html: 'r.html', resetStats: true, iterations: '1' }).value).toMatchObject({ noProgress: true, htmlFile: 'r.html', resetStats: true, iterations: 1 });
    expect([true, false].map((html) => flags({ html }).value.htmlFile)).toEqual([null, null]);
    expect(flags({ iterations: '0' })).toMatchObject({ value: { iterations: 1 }, problems: ["--iterations wants a whole number >= 1, got '0'"] });
  });

  it('split tags on spaces and commas, dropping empty ones', () => {
    expect(tagList(undefined)).toEqual([]);
    expect(tagList(['read write', 'a,b', ' , c ,', ''])).toEqual(['read', 'write', 'a', 'b', 'c']);
  });

  it("are listed under Locust's flags", () => {
    expect(expectGroup(locustFlagOptions(), "Locust's flags:")).toContain('browse-load.toml, browse-load.conf or locust.conf');
  });
});

describe('thresholds and the exit code on error', () => {
  it('put the seed goals first, then the given thresholds, and report each bad one', () => {
    const { value, problems } = withProblems((p) => parseThresholds({ seedGoals: true, threshold: ['p99<800', 'p95 under 500'] }, p));
    expect(value.map((t) => t.expression)).toEqual(['API:p95<500', 'API:errors<0.1%', 'p99<800']);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain("'p95 under 500'");
    expect(withProblems((p) => parseThresholds({ seedGoals: false }, p))).toEqual({ value: [], problems: [] });
  });

  it('exit 1 by default, and any status from 0 to 255', () => {
    const code = (exitCodeOnError?: string) => withProblems((p) => parseExitCodeOnError({ exitCodeOnError }, p));
    expect([undefined, '0', '255'].map((text) => code(text).value)).toEqual([DEFAULT_EXIT_CODE_ON_ERROR, 0, 255]);
    expect(code('256')).toEqual({ value: 1, problems: ["--exit-code-on-error wants an exit status from 0 to 255, got '256'"] });
    expect(code('-1')).toEqual({ value: 1, problems: ["--exit-code-on-error wants a whole number >= 0, got '-1'"] });
  });

  it('are listed under Thresholds with the default code', () => {
    expect(expectGroup(thresholdOptions(), 'Thresholds:')).toContain(`(default ${DEFAULT_EXIT_CODE_ON_ERROR};`);
  });
});

describe('browser', () => {
  const browser = (raw: BrowserRaw) => withProblems((p) => parseBrowser(raw, p));

  it('has two users, one a second, cold and warm views, no emulation and no trace by default', () => {
    const { value, problems } = browser({});
    expect(problems).toEqual([]);
    expect(value).toEqual({ users: 2, spawnRate: 1, views: ['cold', 'warm'], executablePath: undefined, network: [{ profile: expect.objectContaining({ name: 'none' }), weight: 1 }], cpuSlowdown: 1 });
  });

  it('takes its values, trimmed views and a trace on failure', () => {
    const { value, problems } = browser({ browserUsers: '0', browserSpawnRate: '0.001', views: ' warm , cold ', chromium: '/usr/bin/chromium', cpuSlowdown: '4', trace: 'on-failure' });
    expect(problems).toEqual([]);
    expect(value).toMatchObject({ users: 0, spawnRate: 0.001, views: ['warm', 'cold'], executablePath: '/usr/bin/chromium', cpuSlowdown: 4, trace: 'on-failure' });
    expect(browser({ trace: 'off' }).problems).toEqual([]);
    expect(browser({ trace: 'off' }).value).not.toHaveProperty('trace');
    expect(browser({ views: 'cold,hot' }).value.views).toEqual(['cold']);
  });

  it('refuses each bad value with its whole message', () => {
    expect(browser({ browserUsers: '-1', browserSpawnRate: '0', views: 'cold,hot', cpuSlowdown: '0.5', trace: 'always' }).problems).toEqual([
      "--browser-users wants a whole number >= 0, got '-1'",
      "--browser-spawn-rate wants a number >= 0.001, got '0'",
      "--views takes cold and/or warm, got 'hot'",
      "--cpu-slowdown wants a number >= 1, got '0.5'",
      "--trace takes on-failure or off, got 'always'",
    ]);
    expect(browser({ views: ' , ' }).problems).toEqual(['--views needs cold, warm or both']);
    expect(browser({ views: '', browserUsers: '0' }).problems).toEqual([]);
    expect(browser({ network: 'lte' }).problems).toEqual([expect.stringContaining("--network: unknown profile 'lte'")]);
  });

  it('lists its flags with their defaults, --chromium last', () => {
    const options = browserOptions();
    const help = expectGroup(options, 'Browser:');
    expect(options.at(-1)!.long).toBe('--chromium');
    for (const value of Object.values(BROWSER_DEFAULTS)) expect(help).toContain(`(default ${value})`);
  });
});
