/**
 * Credentials never appear in results, reports or logs: every command that takes or reads a run
 * (run with an API key and with JWT, audit, report, summary, compare, merge), each with --debug,
 * and no file it writes nor anything it prints holds the API key, the password or a JWT.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { startDemoTarget } from '../../src/target/server.js';
import { allFilesText, runCli, tempDir } from '../helpers.js';

const API_KEY = 'sekrit-key-7f3a91c2';
const PASSWORD = 'pass-word-5e8d04b6';
/** Any JSON Web Token: header and payload are base64url JSON objects. */
const JWT = /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}/;

let target: Awaited<ReturnType<typeof startDemoTarget>>;
beforeAll(async () => {
  target = await startDemoTarget({ port: 0, apiKey: API_KEY, username: 'erp-user', password: PASSWORD });
});
afterAll(async () => {
  await target?.close();
});

function expectNoSecret(what: string, text: string): void {
  expect(text.includes(API_KEY), `${what} holds the API key`).toBe(false);
  expect(text.includes(PASSWORD), `${what} holds the password`).toBe(false);
  expect(JWT.test(text), `${what} holds a JWT`).toBe(false);
}

describe('secrets', () => {
  it('reach no file and no output of any command, with --debug', async () => {
    const dir = tempDir();
    const keyRun = join(dir, 'key-run');
    const jwtRun = join(dir, 'jwt-run');
    const outputs: string[] = [];
    const cli = async (args: string[]) => {
      const result = await runCli([...args, '--debug'], { timeoutMs: 90_000 });
      outputs.push(`${args[0]}: ${result.stdout}\n${result.stderr}`);
      return result;
    };
    // The key also travels in a query string, where a name or a failure could carry it.
    const keyRunArgs = ['run', '--host', target.url, '--api-key', API_KEY, '-u', '2', '-t', '2s', '--url', '/api/journal-entries/', '--url', `/api/search/?q=${API_KEY}`, '-q'];
    const withKey = await cli([...keyRunArgs, '-b', '1', '--csv', join(keyRun, 'run'), '--results-dir', keyRun]);
    expect(withKey.code).toBe(0);
    // A second run of the same plan, for merge.
    expect((await cli([...keyRunArgs, '-b', '0', '--results-dir', join(dir, 'key-run-2')])).code).toBe(0);
    const withJwt = await cli(['run', '--host', target.url, '--username', 'erp-user', '--password', PASSWORD, '-u', '2', '-t', '2s', '-b', '0', '--results-dir', jwtRun, '-q']);
    expect(withJwt.stderr).not.toMatch(/internal error/);
    const wrongPassword = await cli(['run', '--host', target.url, '--username', 'erp-user', '--password', `${PASSWORD}-wrong`, '-u', '1', '-t', '1s', '-b', '0', '--results-dir', join(dir, 'bad-login'), '-q']);
    expect(wrongPassword.code).toBe(1);
    expect((await cli(['audit', '--host', target.url, '--api-key', API_KEY, '--no-browser', '--routes', '/api/journal-entries/', '--results-dir', join(dir, 'audit')])).code).toBe(0);
    expect((await cli(['report', keyRun, '--csv', join(dir, 'report', 'run')])).code).toBe(0);
    expect((await cli(['summary', jwtRun])).code).toBe(0);
    expect((await cli(['compare', keyRun, jwtRun, '--html', join(dir, 'compare.html')])).code).toBe(0);
    expect((await cli(['merge', keyRun, join(dir, 'key-run-2'), '--out', join(dir, 'merged'), '--csv', join(dir, 'merged', 'run')])).code).toBe(0);
    expect(allFilesText(keyRun)).toContain('/api/journal-entries/');
    expectNoSecret('the files written', allFilesText(dir));
    for (const output of outputs) expectNoSecret(`the output of ${output.split(':')[0]}`, output);
  }, 240_000);
});
