/**
 * The compiled CLI (dist/, what bin/browse-load.js runs when it is fresh) and the sources through
 * tsx (BROWSE_LOAD_FROM_SOURCE=1, or dist/ stale) are one program: the same help, the same run;
 * flow files load from the compiled CLI, inside the repository and outside it.
 */
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, readSummary, runCli, tempDir } from '../helpers.js';
import { COMPILED, SOURCE, shortRunArgs, withCompiledCliAndTarget } from './compiled-cli.js';

const target = withCompiledCliAndTarget();

/** A 1-second run of one user against the demo target; the run folder's summary. */
async function shortRun(env: NodeJS.ProcessEnv, flowArgs: string[]) {
  const results = join(tempDir(), 'run');
  const res = await runCli(shortRunArgs(target.url(), flowArgs, results), { env });
  expect(res.code, res.stderr).toBe(0);
  return readSummary(results);
}

const rowsOf = (summary: ReturnType<typeof readSummary>) => summary.stats.map((s) => ({ name: s.name, failures: s.failures, counted: s.count > 0 }));

describe('the compiled CLI', () => {
  it('runs the bundle in dist/ when it is built, and the sources through tsx when asked', async () => {
    // The files the compiled CLI loaded, as an import hook sees them resolve.
    const log = join(tempDir(), 'loaded.log');
    const hook = join(tempDir(), 'hook.mjs');
    writeFileSync(log, '');
    writeFileSync(
      hook,
      `import { register } from 'node:module';\nregister('data:text/javascript,' + encodeURIComponent(${JSON.stringify(
        `import { appendFileSync } from 'node:fs';\nexport async function resolve(s, c, next) { const r = await next(s, c); appendFileSync(${JSON.stringify(log)}, r.url + '\\n'); return r; }`,
      )}));\n`,
    );
    expect((await runCli(['--version'], { env: { ...COMPILED, NODE_OPTIONS: `--import ${hook}` } })).code).toBe(0);
    const loaded = readFileSync(log, 'utf8').split('\n').filter((url) => url.includes('/dist/'));
    expect(loaded).toContain(`file://${join(ROOT, 'dist/bundle/cli.js')}`);
    // Of tsc's files, only those the bundle leaves outside (the flow API and the base it imports).
    const unbundled = loaded.filter((url) => !url.includes('/dist/bundle/'));
    expect(unbundled.filter((url) => !/\/dist\/src\/(errors|version|flow-api\/[\w-]+)\.js$/.test(url))).toEqual([]);

    // A --debug stack names the files that ran: tsc's (through the bundle's source maps), or the TypeScript.
    const compiled = await runCli(['run', '-u', '-5', '--debug'], { env: COMPILED });
    const source = await runCli(['run', '-u', '-5', '--debug'], { env: SOURCE });
    expect([compiled.code, source.code]).toEqual([2, 2]);
    expect(compiled.stderr).toMatch(/dist\/src\/config\/problems\.js/);
    expect(source.stderr).toMatch(/\/src\/config\/problems\.ts/);
    expect(compiled.stderr.split('\n')[0]).toBe(source.stderr.split('\n')[0]);
  });

  it('leaves the flow API outside the bundle: a flow and the runner share its modules', () => {
    const bundle = join(ROOT, 'dist', 'bundle');
    const code = readdirSync(bundle).map((file) => readFileSync(join(bundle, file), 'utf8'));
    expect(readdirSync(bundle)).toEqual(expect.arrayContaining(['cli.js', 'worker-entry.js']));
    for (const own of ['function defineFlow(', 'function loadFlowFile(', 'function feed(', 'class UsageError']) {
      expect(code.filter((text) => text.includes(own)), own).toEqual([]);
    }
    expect(code.some((text) => text.includes('from "../src/flow-api/load.js"'))).toBe(true);
  });

  it('prints the same help and version as the sources', async () => {
    for (const args of [['--help'], ['--version'], ['run', '--help'], ['audit', '--help'], ['demo-target', '--help'], ['merge', '--help']]) {
      const [compiled, source] = await Promise.all([runCli(args, { env: COMPILED }), runCli(args, { env: SOURCE })]);
      expect(compiled, args.join(' ')).toEqual(source);
      expect(compiled.code).toBe(0);
    }
  });

  it('makes the same --url /health run as the sources', async () => {
    const compiled = await shortRun(COMPILED, ['--url', '/health']);
    const source = await shortRun(SOURCE, ['--url', '/health']);
    expect(rowsOf(compiled)).toEqual([{ name: '/health', failures: 0, counted: true }]);
    expect(rowsOf(source)).toEqual(rowsOf(compiled));
    expect(compiled.run.flow).toBe('--url');
  });

  it('runs the default flow, compiled with it', async () => {
    const summary = await shortRun(COMPILED, []);
    expect(summary.run.flow).toBe('flows/erp.ts');
    expect(summary.aggregate.count).toBeGreaterThan(0);
  });
});

describe('flow files outside the repository, from the compiled CLI', () => {
  /** A folder of the user's, with browse-load installed in its node_modules. */
  function userProject(): string {
    const dir = tempDir('browse-load-flows-');
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(ROOT, join(dir, 'node_modules', 'browse-load'), 'dir');
    return dir;
  }
  const HEALTH_TASK = `{ name: 'health', run: async (user) => { await user.http.get('/health', { auth: false }); } }`;

  it('loads a TypeScript flow that imports browse-load/flow', async () => {
    const file = join(userProject(), 'my-flow.ts');
    writeFileSync(
      file,
      `import { constant, defineFlow, type UserContext } from 'browse-load/flow';
      export default defineFlow({ name: 'mine', protocol: { wait: constant(0.05), tasks: [{ name: 'health', run: async (user: UserContext) => { await user.http.get('/health', { auth: false }); } }] } });\n`,
    );
    const summary = await shortRun(COMPILED, ['--flows', file]);
    expect(rowsOf(summary)).toEqual([{ name: '/health', failures: 0, counted: true }]);
  });

  it('loads JavaScript flows, with or without browse-load/flow', async () => {
    const dir = userProject();
    const plain = join(dir, 'plain.mjs');
    writeFileSync(plain, `export default { name: 'plain', protocol: { tasks: [${HEALTH_TASK}] } };\n`);
    // browse-load/flow is exported as TypeScript: this one goes through tsx after all.
    const withApi = join(dir, 'with-api.mjs');
    writeFileSync(withApi, `import { constant, defineFlow } from 'browse-load/flow';\nexport default defineFlow({ name: 'api', protocol: { wait: constant(0.05), tasks: [${HEALTH_TASK}] } });\n`);
    for (const file of [plain, withApi]) {
      expect(rowsOf(await shortRun(COMPILED, ['--flows', file])), file).toEqual([{ name: '/health', failures: 0, counted: true }]);
    }
  });

  it('says in one line why a flow does not load, exit 2', async () => {
    const file = join(userProject(), 'broken.mjs');
    writeFileSync(file, `import { nothing } from './missing.mjs';\nexport default nothing;\n`);
    const res = await runCli(['run', '--host', target.url(), '--flows', file, '-u', '1', '-t', '1s', '-b', '0', '--quiet', '--results-dir', join(userProject(), 'run')], { env: COMPILED });
    expect(res.code).toBe(2);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toMatch(/--flows: cannot load '.*broken\.mjs': .*missing\.mjs/);
  });
});
