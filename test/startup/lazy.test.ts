/**
 * The compiled CLI loads a heavy package only for a command that needs it: tsx for TypeScript
 * flows, Playwright for browser users, fastify for the demo target, the runner's undici and HDR
 * histograms for runs. What a start costs is measured (README, Development), not timed here.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, ROOT, runCli, tempDir } from '../helpers.js';
import { COMPILED, shortRunArgs, withCompiledCliAndTarget } from './compiled-cli.js';

const HOOK = join(ROOT, 'test/startup/packages-loaded.mjs');
const target = withCompiledCliAndTarget();

/** The packages the compiled CLI imports for these arguments (the command must succeed). */
async function packagesLoaded(args: string[]): Promise<string[]> {
  const log = join(tempDir(), 'packages.log');
  writeFileSync(log, '');
  const env = { ...COMPILED, BROWSE_LOAD_PACKAGES_LOG: log, NODE_OPTIONS: `--import ${HOOK}` };
  const res = await runCli(args, { env });
  expect(res.code, `${CLI} ${args.join(' ')}: ${res.stderr}`).toBe(0);
  // A CommonJS package imported from an ES module is both resolved and required: listed twice.
  return [...new Set(readFileSync(log, 'utf8').split('\n').filter(Boolean))];
}

const shortRun = (...flow: string[]) => shortRunArgs(target.url(), flow);

describe('the compiled CLI loads packages when a command needs them', () => {
  it('--version and help load commander alone', async () => {
    for (const args of [['--version'], ['--help'], ['run', '--help'], ['audit', '--help']]) {
      expect(await packagesLoaded(args), args.join(' ')).toEqual(['commander']);
    }
  });

  it('a --url run loads neither tsx, Playwright, fastify, a cookie jar the target never fills nor a TOML parser for no file', async () => {
    const loaded = await packagesLoaded(shortRun('--url', '/health'));
    expect(loaded).toContain('undici');
    for (const heavy of ['tsx', 'playwright', 'playwright-core', 'fastify', 'tough-cookie', 'smol-toml']) expect(loaded, heavy).not.toContain(heavy);
  });

  it('a run with a browse-load.toml loads the TOML parser', async () => {
    const file = join(tempDir(), 'browse-load.toml');
    writeFileSync(file, 'users = 1\n');
    expect(await packagesLoaded([...shortRun('--url', '/health'), '--config', file])).toContain('smol-toml');
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
