/**
 * `browse-load ui` in real Chromium against the demo target: it prints its URL first; the form,
 * filled by its fields' names, starts a run whose numbers appear on the page; the run's report
 * link works once it ends, and a second run gets its own folder; a bad field is one line on the
 * page; the page loads nothing from elsewhere, has no console error and never shows the API key.
 * Browser users change from the page, up and down. Ctrl-C stops a run going on (summary.json
 * written, exit 3) and an idle session exits 0; bad defaults, a port in use and an open bind
 * without --web-auth are refused before anything is served (exit 2).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Page } from 'playwright';
import { afterEach, describe, expect, it } from 'vitest';
import { demoAndChromium, watchPage } from './setup.js';
import { readSummary, runCli, tempDir } from '../helpers.js';
import { startUi as startSession, type UiSession } from './ui-session.js';

const KEY = 'demo-api-key';

const shared = demoAndChromium();

/** Every session a test starts; one a failed test left running is killed by its PID after it. */
const sessions: UiSession[] = [];
const startUi = (...args: Parameters<typeof startSession>) => {
  const session = startSession(...args);
  sessions.push(session);
  return session;
};
afterEach(() => {
  for (const session of sessions.splice(0)) session.signal('SIGKILL');
});

const field = (page: Page, name: string) => page.getByLabel(name, { exact: true });

async function startFromForm(page: Page, values: Record<string, string>): Promise<void> {
  for (const [name, value] of Object.entries(values)) await field(page, name).fill(value);
  await page.getByRole('button', { name: 'Start', exact: true }).click();
}

/** The run's end on the page: its line in the list of runs with a report link. */
async function waitForWrittenRuns(page: Page, count: number): Promise<void> {
  await page.waitForFunction((n) => document.querySelectorAll('#ui-runs li a.report').length >= n, count, { timeout: 90_000 });
}

describe('browse-load ui', () => {
  it('starts runs from its form, shows and steers them live, links their reports, and keeps each in its own folder', async () => {
    const results = join(tempDir(), 'runs');
    const ui = startUi(['--host', shared.target.url, '--api-key', KEY, '--port', '0', '--results-dir', results, '-u', '2', '-r', '10', '-t', '4s', '-b', '1', '--workers', '1']);
    const url = await ui.url;
    const first = await ui.firstOutput;
    expect(first.stdout.split('\n')[0]).toBe(`Web UI: ${url}`);
    expect(first.stderr).toBe('');

    const page = await shared.browser.newPage();
    const { problems, elsewhere } = watchPage(page, url);
    await page.goto(url);
    // The defaults are the command's flags.
    expect(await field(page, 'Host').inputValue()).toBe(shared.target.url);
    expect(await field(page, 'Users').inputValue()).toBe('2');
    expect(await field(page, 'Run time').inputValue()).toBe('4s');

    // A bad field: one line on the page, in the field's name, and no run.
    await startFromForm(page, { Users: '-1' });
    await expect.poll(() => page.locator('#start-problem').innerText()).toBe("Users wants a whole number >= 0, got '-1'");

    await startFromForm(page, { Users: '2', 'Spawn rate': '10', 'Run time': '4s', 'Browser users': '1' });
    await page.waitForFunction(() => Number((document.querySelector('#live-requests')?.textContent ?? '0').replace(/,/g, '')) > 0, undefined, { timeout: 60_000 });
    expect(await page.locator('#start-problem').innerText()).toBe('');
    await waitForWrittenRuns(page, 1);
    expect(await page.locator('#live-state').innerText()).toBe('run ended');

    // Its report, from the link on the page.
    const reportHref = await page.locator('#ui-runs li a.report').first().getAttribute('href');
    const report = await fetch(new URL(reportHref!, url));
    expect(report.status).toBe(200);
    expect(await report.text()).toContain('<html');

    // A second run, started the same way, steered from the page (its users, then Stop), gets its own folder.
    await startFromForm(page, { 'Run time': '90s', 'Browser users': '0' });
    await expect.poll(() => page.locator('#live-state').innerText(), { timeout: 60_000 }).toBe('running');
    await field(page, 'Users now').fill('3');
    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    await page.waitForFunction(() => JSON.parse(document.getElementById('chart-users')?.getAttribute('data-last') ?? '[]')[0] === 3, undefined, { timeout: 30_000 });
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    await waitForWrittenRuns(page, 2);
    expect(await page.locator('#ui-runs li .outcome').first().innerText()).toMatch(/^stopped: /);
    const folders = readdirSync(results).sort();
    expect(folders).toHaveLength(2);
    for (const folder of folders) {
      expect(existsSync(join(results, folder, 'summary.json')), folder).toBe(true);
      expect(existsSync(join(results, folder, 'report.html')), folder).toBe(true);
    }
    const [one, two] = folders.map((folder) => readSummary(join(results, folder)));
    expect(one!.run.options.browser).toMatchObject({ users: 1 });
    expect(two!.run.options.browser).toMatchObject({ users: 0 });
    expect(two!.aggregate.count).toBeGreaterThan(0);
    expect(two!.run.stoppedBy).toBe('signal');
    expect(two!.timeSeries.points.some((p) => p.users === 3)).toBe(true);
    // The downloads under the controls keep serving the run that ended last.
    const after = await fetch(`${url}download/summary.json`);
    expect(after.status).toBe(200);
    expect(((await after.json()) as ReturnType<typeof readSummary>).run.id).toBe(two!.run.id);

    // No credential in the page, its frames (now in the page) or any download of either run.
    expect(await page.content()).not.toContain(KEY);
    expect(await (await fetch(url)).text()).not.toContain(KEY);
    const links = await page.locator('#ui-runs li a').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
    expect(links.length).toBeGreaterThanOrEqual(2 * 6);
    for (const link of links) {
      const answer = await fetch(link);
      expect(answer.status, link).toBe(200);
      expect(await answer.text(), link).not.toContain(KEY);
    }
    expect(problems).toEqual([]);
    expect(elsewhere).toEqual([]);
    await page.close();

    // Ctrl-C with no run going on ends the session.
    ui.signal('SIGINT');
    const result = await ui.done;
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe(`Web UI: ${url}`);
  }, 240_000);

  it('stops the run going on at Ctrl-C, its results written (exit 3), after taking changes of browser users', async () => {
    const results = join(tempDir(), 'runs');
    const ui = startUi(['--host', shared.target.url, '--api-key', KEY, '--port', '0', '--results-dir', results, '--workers', '1']);
    const url = await ui.url;
    const post = (path: string, body: unknown) => fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const started = await post('start', { host: shared.target.url, users: '1', spawnRate: '', runTime: '90s', browserUsers: '1' });
    expect(started.status).toBe(200);
    expect((await post('start', { host: shared.target.url, users: '1', runTime: '5s', browserUsers: '0' })).status).toBe(409);
    const last = async () => {
      const answer = await fetch(`${url}download/summary.json`);
      return answer.status === 200 ? ((await answer.json()) as ReturnType<typeof readSummary>).timeSeries.points.at(-1) : undefined;
    };
    await expect.poll(async () => (await last())?.browserUsers, { timeout: 60_000, interval: 500 }).toBe(1);
    expect((await post('users', { kind: 'browser', target: 2 })).status).toBe(200);
    await expect.poll(async () => (await last())?.browserUsers, { timeout: 30_000, interval: 500 }).toBe(2);
    // Back to one: the second leaves at its next think time, and the first goes on.
    expect((await post('users', { kind: 'browser', target: 1 })).status).toBe(200);
    await expect.poll(async () => (await last())?.browserUsers, { timeout: 30_000, interval: 500 }).toBe(1);
    ui.signal('SIGINT');
    const result = await ui.done;
    expect(result.code).toBe(3);
    const [folder] = readdirSync(results);
    const summary = readSummary(join(results, folder!));
    expect(summary.run.stoppedBy).toBe('signal');
    expect(summary.warnings.some((w) => w.startsWith('the live view set the browser users to 2'))).toBe(true);
    expect(readFileSync(join(results, folder!, 'report.html'), 'utf8')).toContain('<html');
  }, 180_000);

  it('refuses to listen beyond loopback without --web-auth: exit 2, one line, nothing served', async () => {
    const results = join(tempDir(), 'runs');
    const result = await runCli(['ui', '--host', shared.target.url, '--port', '0', '--web-host', '0.0.0.0', '--results-dir', results]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/--web-host 0\.0\.0\.0 .*--web-auth user:password/);
    expect(existsSync(results)).toBe(false);
  });

  it('refuses bad defaults and a port in use before serving anything: exit 2, one line', async () => {
    const results = join(tempDir(), 'runs');
    const bad = await runCli(['ui', '--host', shared.target.url, '--port', '0', '-u', 'many', '--results-dir', results]);
    expect(bad).toMatchObject({ code: 2, stdout: '', stderr: "browse-load: --users wants a whole number >= 0, got 'many'\n" });
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as AddressInfo).port;
    const inUse = await runCli(['ui', '--host', shared.target.url, '--port', String(port), '--results-dir', results]);
    await new Promise((resolve) => taken.close(resolve));
    expect(inUse).toMatchObject({ code: 2, stdout: '', stderr: `browse-load: --port: cannot listen on 127.0.0.1:${port}: EADDRINUSE\n` });
  });

  it('asks every route for the credentials of --web-auth', async () => {
    const ui = startUi(['--host', shared.target.url, '--port', '0', '--results-dir', join(tempDir(), 'runs')], { BROWSE_LOAD_WEB_AUTH: 'watcher:open-sesame-41' });
    const url = await ui.url;
    for (const [method, path] of [['GET', ''], ['GET', 'events'], ['POST', 'start'], ['POST', 'stop'], ['GET', 'download/summary.json']] as const) {
      expect((await fetch(`${url}${path}`, { method })).status, `${method} /${path}`).toBe(401);
    }
    const page = await fetch(url, { headers: { authorization: `Basic ${Buffer.from('watcher:open-sesame-41').toString('base64')}` } });
    expect(page.status).toBe(200);
    expect(await page.text()).not.toContain('open-sesame-41');
    ui.signal('SIGINT');
    expect((await ui.done).code).toBe(0);
  }, 60_000);
});
