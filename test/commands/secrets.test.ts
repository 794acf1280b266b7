/**
 * Credentials never appear in results, reports or logs: every command that takes or reads a run
 * (run with an API key and with JWT, audit, report, summary, compare, merge), each with --debug,
 * and no file it writes nor anything it prints holds the API key, the password or a JWT.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { startDemoTarget } from '../../src/target/server.js';
import { DOWNLOADS } from '../../src/live/downloads.js';
import { allFilesText, runCli, tempDir } from '../helpers.js';
import { startLiveRun } from '../live/live-run.js';

const API_KEY = 'sekrit-key-7f3a91c2';
const PASSWORD = 'pass-word-5e8d04b6';
const WEB_PASSWORD = 'web-pass-93c1d7e2';
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
  expect(text.includes(WEB_PASSWORD), `${what} holds the live view's password`).toBe(false);
}

/** The first frame of the live view's event stream. */
async function firstEvent(url: string, headers: Record<string, string>): Promise<string> {
  const response = await fetch(`${url}events`, { headers });
  const reader = response.body!.getReader();
  let text = '';
  while (!text.includes('\n\n')) {
    const { value, done } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
  }
  await reader.cancel();
  return text;
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

  it('reach no part of the live view: page, events, downloads and /metrics', async () => {
    const auth = { authorization: `Basic ${Buffer.from(`watcher:${WEB_PASSWORD}`).toString('base64')}` };
    const args = ['--host', target.url, '--api-key', API_KEY, '-u', '2', '-t', '60s', '-b', '0', '--workers', '2', '--url', '/api/journal-entries/', '--url', `/api/search/?q=${API_KEY}`, '--web', '0', '--web-auth', `watcher:${WEB_PASSWORD}`, '--results-dir', join(tempDir(), 'live'), '--debug'];
    const run = startLiveRun(args);
    const url = await run.url;
    // A frame with figures in it: the per-name rows, from both workers.
    let event = '';
    for (let i = 0; i < 20 && !event.includes('/api/search/'); i++) {
      await new Promise((r) => setTimeout(r, 500));
      event = await firstEvent(url, auth);
    }
    expect(event).toContain('/api/search/');
    expectNoSecret('the live event', event);
    expectNoSecret('the live page', await (await fetch(url, { headers: auth })).text());
    expectNoSecret('/metrics', await (await fetch(`${url}metrics`, { headers: auth })).text());
    for (const { file } of DOWNLOADS) {
      const download = await fetch(`${url}download/${file}`, { headers: auth });
      expect(download.status, file).toBe(200);
      expectNoSecret(`the live download ${file}`, await download.text());
    }
    await fetch(`${url}stop`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{}' });
    const result = await run.done;
    expect(result.code).toBe(3);
    expectNoSecret('the output of run --web', `${result.stdout}\n${result.stderr}`);
  }, 120_000);
});
