/**
 * The compiled CLI loads a heavy package only for a command that needs it: tsx for TypeScript
 * flows, Playwright for browser users, fastify for the demo target, the runner's undici and HDR
 * histograms for runs. What a start costs is measured (README, Development), not timed here.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoTarget } from '../../src/target/server.js';
import { CLI, ROOT, runCli, tempDir } from '../helpers.js';

const HOOK = join(ROOT, 'test/startup/packages-loaded.mjs');

let target: Awaited<ReturnType<typeof startDemoTarget>>;
beforeAll(async () => {
  const build = spawnSync(process.execPath, [join(ROOT, 'bin/build.js'), '--if-stale'], { encoding: 'utf8' });
  expect(build.status, build.stderr).toBe(0);
  target = await startDemoTarget({ port: 0 });
}, 180_000);
afterAll(async () => {
  await target?.close();
});

/** The packages the compiled CLI imports for these arguments (the command must succeed). */
async function packagesLoaded(args: string[]): Promise<string[]> {
  const log = join(tempDir(), 'packages.log');
  writeFileSync(log, '');
  const env = { BROWSE_LOAD_FROM_SOURCE: '', BROWSE_LOAD_PACKAGES_LOG: log, NODE_OPTIONS: `--import ${HOOK}` };
  const res = await runCli(args, { env });
  expect(res.code, `${CLI} ${args.join(' ')}: ${res.stderr}`).toBe(0);
  return readFileSync(log, 'utf8').split('\n').filter(Boolean);
}

const shortRun = (...flow: string[]) => ['run', '--host', target.url, '--api-key', 'demo-api-key', ...flow, '-u', '1', '-t', '1s', '-b', '0', '--quiet', '--no-html', '--results-dir', join(tempDir(), 'run')];

describe('the compiled CLI loads packages when a command needs them', () => {
  it('--version and help load commander alone', async () => {
    for (const args of [['--version'], ['--help'], ['run', '--help'], ['audit', '--help']]) {
      expect(await packagesLoaded(args), args.join(' ')).toEqual(['commander']);
    }
  });

  it('a --url run loads neither tsx, Playwright nor fastify', async () => {
    const loaded = await packagesLoaded(shortRun('--url', '/health'));
    expect(loaded).toContain('undici');
    for (const heavy of ['tsx', 'playwright', 'playwright-core', 'fastify']) expect(loaded, heavy).not.toContain(heavy);
  });

  it('the default flow runs compiled, without tsx', async () => {
    const loaded = await packagesLoaded(shortRun());
    for (const heavy of ['tsx', 'playwright', 'fastify']) expect(loaded, heavy).not.toContain(heavy);
  });

  it('a TypeScript flow file loads tsx', async () => {
    const file = join(tempDir(), 'flow.ts');
    writeFileSync(file, `export default { name: 'ts', protocol: { tasks: [{ name: 'health', run: async (user: any) => { await user.http.get('/health', { auth: false }); } }] } };\n`);
    expect(await packagesLoaded(shortRun('--flows', file))).toContain('tsx');
  });
});
