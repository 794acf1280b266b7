/**
 * Bad input to the commands other than `run`: folders that are not runs given to report, summary,
 * compare and merge; outputs they cannot write; audit's and demo-target's flags. Each case ends
 * within its bound with one line on stderr naming the problem, exit 2 (the README's table), and no
 * stack trace.
 */
import { chmodSync, cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/errors.js';
import { ROOT, tempDir } from '../helpers.js';
import { makeSummary } from '../report/fixtures.js';
import { type BadInput, type CountingTarget, STACK_FRAME, expectRefused, runCliBounded, startCountingTarget, unprivileged } from './bad-input-helpers.js';

const dir = tempDir('browse-load-bad-commands-');

/** A folder holding `content` as its summary.json (a string as it is, else as JSON). */
function runFolder(name: string, content: unknown): string {
  const path = join(dir, name);
  mkdirSync(path, { recursive: true });
  writeFileSync(join(path, 'summary.json'), typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

const good = runFolder('good', makeSummary({ seed: 3 }));
const aFile = join(dir, 'a-file');
writeFileSync(aFile, 'not a folder\n');
const summaryIsFolder = join(dir, 'summary-folder');
mkdirSync(join(summaryIsFolder, 'summary.json'), { recursive: true });
const { audit: _audit, ...noAudit } = makeSummary({ seed: 3 });

/** Folders that are not runs, with the line each must give. */
const NOT_RUNS: { what: string; path: string; says: RegExp }[] = [
  { what: 'a path that does not exist', path: join(dir, 'nowhere'), says: /no run at .*nowhere: expected a run folder containing summary\.json/ },
  { what: 'an empty folder', path: (mkdirSync(join(dir, 'empty')), join(dir, 'empty')), says: /empty has no summary\.json: is it a browse-load run folder\?$/ },
  { what: 'a summary.json that is not JSON', path: runFolder('not-json', '{"schemaVersion": 1,'), says: /not-json\/summary\.json is not valid JSON/ },
  { what: 'an empty summary.json', path: runFolder('empty-json', ''), says: /empty-json\/summary\.json is not valid JSON/ },
  { what: 'JSON of another shape', path: runFolder('other-shape', { name: 'package', version: '1.0.0' }), says: /other-shape\/summary\.json is not a browse-load summary \(it has no schemaVersion\)$/ },
  { what: 'a JSON list', path: runFolder('a-list', [1, 2]), says: /a-list\/summary\.json is not a browse-load summary \(not an object\)$/ },
  { what: 'a newer schema version', path: runFolder('newer', { ...noAudit, schemaVersion: 99 }), says: /newer\/summary\.json has schemaVersion 99, newer than the 1 this browse-load reads/ },
  { what: 'a summary missing a section', path: runFolder('no-stats', { ...noAudit, stats: undefined }), says: /no-stats\/summary\.json is missing or has a malformed "stats" section$/ },
  { what: 'a summary.json that is a folder', path: summaryIsFolder, says: /summary\.json is a folder, not a summary file/ },
];

const out = (name: string) => join(dir, 'out', name);
const NOT_RUN_CASES: BadInput[] = NOT_RUNS.flatMap(({ what, path, says }) => [
  { what: `report: ${what}`, args: ['report', path], exit: EXIT.usage, says },
  { what: `summary: ${what}`, args: ['summary', path], exit: EXIT.usage, says },
  { what: `compare, as the baseline: ${what}`, args: ['compare', path, good], exit: EXIT.usage, says },
  { what: `compare, as the run after: ${what}`, args: ['compare', good, path], exit: EXIT.usage, says },
  { what: `merge: ${what}`, args: ['merge', good, path, '--out', out(what.replace(/\W+/g, '-'))], exit: EXIT.usage, says },
]);

const usage = (what: string, args: string[], says: RegExp): BadInput => ({ what, args, exit: EXIT.usage, says });
const OUTPUTS: BadInput[] = [
  usage('report --csv under /proc (it hung)', ['report', good, '--csv', '/proc/browse-load/x/run'], /^browse-load: --csv: cannot create \/proc\/browse-load\/x: /),
  usage('report --csv under a file', ['report', good, '--csv', join(aFile, 'run')], /^browse-load: --csv: cannot create .*a-file: .*a-file is not a folder$/),
  usage('compare --html under /proc (it hung)', ['compare', good, good, '--html', '/proc/browse-load/x.html'], /^browse-load: --html: cannot create \/proc\/browse-load: /),
  usage('compare --tolerance that is not a percentage', ['compare', good, good, '--tolerance', 'abc'], /--tolerance: "abc" is not a percentage/),
  usage('compare --tolerance below 0', ['compare', good, good, '--tolerance', '-5%'], /--tolerance: "-5%" is not a percentage/),
  usage('merge --out under /proc (it hung)', ['merge', good, '--out', '/proc/browse-load/merged'], /^browse-load: --out: cannot create \/proc\/browse-load\/merged: /),
  usage('merge --out that is a file', ['merge', good, '--out', aFile], /^browse-load: --out: cannot create .*a-file: .*a-file is not a folder$/),
  usage('merge --csv under a file', ['merge', good, '--out', out('csv-under-file'), '--csv', join(aFile, 'm')], /^browse-load: --csv: cannot create .*a-file: .*a-file is not a folder$/),
  usage('merge --out into one of the runs merged', ['merge', good, '--out', `${good}/`], /--out .*good\/ is one of the runs merged: its summary\.json would be overwritten/),
  usage('merge --out that is empty (it wrote into the current folder)', ['merge', good, '--out', ''], /^browse-load: --out wants a folder, got ''$/),
  usage('report --csv that is empty', ['report', good, '--csv', ''], /^browse-load: --csv wants a file prefix like results\/run, got ''$/),
  usage('merge of one folder twice', ['merge', good, good, '--out', out('twice')], /summary\.json is given twice: each run can be merged once$/),
];

let target: CountingTarget;
beforeAll(async () => {
  target = await startCountingTarget();
});
afterAll(() => target.close());

/** Stands for the counting target's URL, or its port. */
const HOST = '{host}';
const PORT = '{port}';
const withTarget = (args: string[]) => args.map((arg) => (arg === HOST ? target.url : arg === PORT ? new URL(target.url).port : arg));

const AUDIT: BadInput[] = [
  usage('audit without --host', ['audit'], /--host is required/),
  usage('audit with a host that is not a URL', ['audit', '--host', 'nope'], /--host wants an http\(s\) URL, got 'nope'$/),
  usage('audit --pages that are not paths', ['audit', '--host', HOST, '--pages', 'dashboard'], /--pages wants paths starting with \/, got 'dashboard'$/),
  usage('audit --routes that are not paths', ['audit', '--host', HOST, '--routes', 'api'], /--routes wants paths starting with \//),
  usage('audit --pages with no page', ['audit', '--host', HOST, '--pages', ','], /--pages is empty: give paths like/),
  usage('audit --routes with no route', ['audit', '--host', HOST, '--routes', ','], /--routes is empty: give paths like/),
  usage('audit --request-timeout 0', ['audit', '--host', HOST, '--no-browser', '--request-timeout', '0'], /--request-timeout must be longer than 0s/),
  usage('audit --results-dir under /proc', ['audit', '--host', HOST, '--no-browser', '--routes', '/x', '--results-dir', '/proc/browse-load/x'], /--results-dir: cannot create \/proc\/browse-load\/x/),
  usage('audit --flows that does not exist', ['audit', '--host', HOST, '--flows', join(dir, 'missing.ts')], /--flows: no such file/),
  usage('audit --flows that does not compile', ['audit', '--host', HOST, '--flows', join(ROOT, 'test/fixtures/bad-flows/syntax-error.ts')], /does not compile: line 6/),
  usage('audit with an unknown flag', ['audit', '--host', HOST, '--bogus'], /^browse-load: unknown option '--bogus' \(see browse-load audit --help\)$/),
];

const DEMO_TARGET: BadInput[] = [
  usage('a port that is not a number', ['demo-target', '--port', 'abc'], /--port needs a port number, got "abc"$/),
  usage('a negative port', ['demo-target', '--port', '-1'], /--port must be an integer from 0 to 65535, got -1$/),
  usage('a port above 65535', ['demo-target', '--port', '70000'], /--port must be an integer from 0 to 65535, got 70000$/),
  usage('a port in use', ['demo-target', '--host', '127.0.0.1', '--port', PORT], /port \d+ on 127\.0\.0\.1 is already in use; pick another with --port/),
  usage('an address not of this machine', ['demo-target', '--host', '192.0.2.1', '--port', '0'], /cannot listen on host 192\.0\.2\.1: it is not an address of this machine$/),
  usage('a negative latency', ['demo-target', '--port', '0', '--latency', '-5'], /--latency must be milliseconds from 0 to 600000, got -5$/),
  usage('an error rate above 1', ['demo-target', '--port', '0', '--error-rate', '2'], /--error-rate must be a fraction from 0 to 1, got 2$/),
  usage('a stall that does not parse', ['demo-target', '--port', '0', '--stall', 'long'], /--stall needs MS:EVERY_S/),
  usage('an unknown flag', ['demo-target', '--bogus'], /^browse-load: unknown option '--bogus' \(see browse-load demo-target --help\)$/),
];

describe('folders that are not runs', () => {
  it.each(NOT_RUN_CASES.map((c) => [c.what, c] as const))('%s: one line, exit 2', async (_what, c) => {
    expectRefused(await runCliBounded(c.args), c);
  }, 30_000);
});

describe('outputs that cannot be written', () => {
  it.each(OUTPUTS.map((c) => [c.what, c] as const))('%s: one line, exit 2', async (_what, c) => {
    expectRefused(await runCliBounded(c.args), c);
  }, 30_000);

  const user = unprivileged();
  it.skipIf(user.prefix === null)('report into a run folder the user may not write: one line, exit 2', async () => {
    const locked = join(dir, 'locked');
    cpSync(good, locked, { recursive: true });
    chmodSync(dir, 0o755);
    chmodSync(locked, 0o555);
    const result = await runCliBounded(['report', locked], { wrap: user.prefix ?? [], cwd: locked });
    expectRefused(result, { exit: EXIT.usage, says: /^browse-load: cannot write .*locked\/report\.html: EACCES$/ });
  }, 30_000);
  if (user.prefix === null) console.log(`skipped the unwritable run folder: ${user.why}`);
});

describe('audit flags', () => {
  it.each(AUDIT.map((c) => [c.what, c] as const))('%s: one line, exit 2, no request', async (_what, c) => {
    const before = target.requests();
    expectRefused(await runCliBounded(withTarget(c.args)), c);
    expect(target.requests() - before).toBe(0);
  }, 30_000);
});

describe('demo-target flags', () => {
  it.each(DEMO_TARGET.map((c) => [c.what, c] as const))('%s: one line, exit 2, no hang', async (_what, c) => {
    expectRefused(await runCliBounded(withTarget(c.args)), c);
  }, 30_000);
});

describe('--debug', () => {
  it('report of a folder that is not a run prints the stack after the line', async () => {
    const result = await runCliBounded(['report', join(dir, 'empty'), '--debug']);
    expect(result.code).toBe(EXIT.usage);
    expect(result.stderr.split('\n')[0]).toMatch(/empty has no summary\.json/);
    expect(result.stderr).toMatch(STACK_FRAME);
  }, 30_000);
});
