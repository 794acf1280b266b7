/**
 * Bad files and folders given to `run`: flow files that are missing, a folder, do not compile,
 * throw at load, export no flow or a task without run (test/fixtures/bad-flows/), and results or
 * CSV folders that cannot be made or written. Each is found before any load: one line on stderr,
 * exit 2, no stack, no request at the target and no summary.json anywhere.
 */
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/errors.js';
import { ROOT, tempDir } from '../helpers.js';
import { type BadInput, type CountingTarget, STACK_FRAME, expectRefused, runCliBounded, startCountingTarget, unprivileged } from './bad-input-helpers.js';

const BAD_FLOWS = join(ROOT, 'test/fixtures/bad-flows');
const scratch = tempDir('browse-load-bad-files-');
const aFile = join(scratch, 'a-file');
writeFileSync(aFile, 'not a folder\n');
const aFolder = join(scratch, 'flow-folder.ts');
mkdirSync(aFolder);

interface FileCase extends Omit<BadInput, 'args' | 'exit'> {
  /** Flags after `run --host TARGET -u 1 -t 1s -b 0 -q`. */
  flags: string[];
}

const flow = (file: string) => ['--flows', join(BAD_FLOWS, file)];
const FLOWS: FileCase[] = [
  { what: 'a flow file that does not exist', flags: ['--flows', join(scratch, 'missing.ts')], says: /--flows: no such file '.*missing\.ts'$/ },
  { what: 'a flow path that is a folder', flags: ['--flows', aFolder], says: /--flows: '.*flow-folder\.ts' is a folder; give a flow file/ },
  { what: 'a flow that does not compile', flags: flow('syntax-error.ts'), says: /--flows: '.*syntax-error\.ts' does not compile: line 6, column \d+: Expected "\}" but found "\]"$/ },
  { what: 'a flow that throws at load', flags: flow('throws.ts'), says: /--flows: cannot load '.*throws\.ts': flow setup failed: no FIXTURE_TOKEN set$/ },
  { what: 'a flow file without a default export', flags: flow('no-default.ts'), says: /'.*no-default\.ts' must export default defineFlow/ },
  { what: 'a flow file whose default export is not a flow', flags: flow('not-a-flow.ts'), says: /'.*not-a-flow\.ts' must export default defineFlow/ },
  { what: 'a flow whose task is not a function', flags: flow('task-not-function.ts'), says: /'.*task-not-function\.ts' has a task 'GET \/' whose run is not a function$/ },
  { what: 'a JavaScript flow without tasks', flags: flow('no-tasks.js'), says: /'.*no-tasks\.js' has protocol users with no tasks$/ },
  { what: 'a flow whose task has a negative weight', flags: flow('negative-weight.ts'), says: /'.*negative-weight\.ts' has a task 'GET \/' whose weight is not a number >= 0$/ },
  { what: 'a flow whose top-level await never settles (it exited 13, silent)', flags: flow('never-loads.ts'), says: /'.*never-loads\.ts': its top-level await never settles \(nothing is left to wait for\)$/ },
  { what: 'tags that leave no task (it sent the preflight request first)', flags: [...flow('tagged.ts'), '-T', 'web'], says: /no task left after tag filters \(--tags web, --exclude-tags -\)$/ },
];

const FOLDERS: FileCase[] = [
  { what: 'a results folder under /proc', flags: ['--url', '/', '--results-dir', '/proc/browse-load/x'], says: /--results-dir: cannot create \/proc\/browse-load\/x: / },
  { what: 'a results folder under a file', flags: ['--url', '/', '--results-dir', join(aFile, 'run')], says: /--results-dir: cannot create .*: .*a-file is not a folder$/ },
  { what: 'a results folder that is a file', flags: ['--url', '/', '--results-dir', aFile], says: /--results-dir: cannot create .*a-file: .*a-file is not a folder$/ },
  { what: 'a CSV prefix under /proc', flags: ['--url', '/', '--csv', '/proc/browse-load/x/run'], says: /--csv: cannot create \/proc\/browse-load\/x: / },
  { what: 'a CSV prefix under a file', flags: ['--url', '/', '--csv', join(aFile, 'run')], says: /--csv: cannot create .*a-file: .*a-file is not a folder$/ },
];

let target: CountingTarget;
beforeAll(async () => {
  target = await startCountingTarget();
});
afterAll(() => target.close());

const runArgs = (flags: string[]) => ['run', '--host', target.url, '-u', '1', '-t', '1s', '-b', '0', '-q', '--no-html', ...flags];

/** Refused before any load: nothing reached the target, no run folder was made where the run started. */
async function expectNoLoad(c: FileCase, opts: { wrap?: string[]; cwd?: string } = {}) {
  const cwd = opts.cwd ?? tempDir('browse-load-bad-files-cwd-');
  const before = target.requests();
  expectRefused(await runCliBounded(runArgs(c.flags), { cwd, wrap: opts.wrap }), { exit: EXIT.usage, says: c.says });
  expect(target.requests() - before).toBe(0);
  expect(existsSync(join(cwd, 'results'))).toBe(false);
}

describe('flow files that cannot run', () => {
  it.each(FLOWS.map((c) => [c.what, c] as const))('%s: one line, exit 2, no load', (_what, c) => expectNoLoad(c), 30_000);

  it('a flow still loading after its bound, with the demo target running beside it (it hung): one line, exit 2', async () => {
    const result = await runCliBounded(['run', '--demo-target', '-u', '1', '-t', '1s', '-b', '0', '-q', ...flow('never-loads.ts')], { env: { BROWSE_LOAD_FLOW_LOAD_TIMEOUT_S: '2' } });
    expectRefused(result, { exit: EXIT.usage, says: /'.*never-loads\.ts': it did not finish loading within 2 s/ });
  }, 30_000);

  it('--debug shows where the flow threw, in the flow file', async () => {
    const result = await runCliBounded([...runArgs(flow('throws.ts')), '--debug']);
    expect(result.code).toBe(EXIT.usage);
    expect(result.stderr.split('\n')[0]).toMatch(/^browse-load: --flows: cannot load/);
    expect(result.stderr).toMatch(/caused by: Error: flow setup failed/);
    expect(result.stderr).toMatch(/^\s+at .*bad-flows\/throws\.ts:4:\d+/m);
  }, 30_000);
});

describe('results and CSV folders that cannot be made', () => {
  it.each(FOLDERS.map((c) => [c.what, c] as const))('%s: one line, exit 2, no load', (_what, c) => expectNoLoad(c), 30_000);
});

describe('a results folder the user may not write', () => {
  const user = unprivileged();
  // A folder of root's, 755: root writes there anyway, nobody may not.
  const locked = tempDir('browse-load-locked-');
  chmodSync(locked, 0o755);
  const cwd = tempDir('browse-load-locked-cwd-');
  chmodSync(cwd, 0o777);

  it.skipIf(user.prefix === null)('a new folder inside it, and the folder itself: one line, exit 2, no load, nothing written', async () => {
    if (process.getuid?.() !== 0) chmodSync(locked, 0o555);
    for (const dir of [join(locked, 'run'), locked]) {
      const says = new RegExp(`--results-dir: cannot create ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: EACCES: permission denied`);
      await expectNoLoad({ what: dir, flags: ['--url', '/', '--results-dir', dir], says }, { wrap: user.prefix ?? [], cwd });
      expect(existsSync(join(dir, 'summary.json'))).toBe(false);
    }
  }, 60_000);

  if (user.prefix === null) console.log(`skipped the unwritable results folder: ${user.why}`);
});

describe('the same cases with --debug', () => {
  it('print the stack after the line', async () => {
    const result = await runCliBounded(runArgs(['--url', '/', '--results-dir', join(aFile, 'run'), '--debug']));
    expect(result.code).toBe(EXIT.usage);
    expect(result.stderr.split('\n')[0]).toMatch(/--results-dir: cannot create/);
    expect(result.stderr).toMatch(STACK_FRAME);
  }, 30_000);
});
