/**
 * The live view in real Chromium, against the demo target: its numbers move while the run goes
 * on, the browser pages panel fills, a change of users shows in the users chart (and reaches both
 * worker threads), /metrics parses as Prometheus text, Stop ends the run as Ctrl-C does with
 * summary.json written, and the page loads nothing but from its own server, without a console error.
 */
import { join } from 'node:path';
import parsePrometheus from 'parse-prometheus-text-format';
import { describe, expect, it } from 'vitest';
import { demoAndChromium, watchPage } from './setup.js';
import { readSummary, tempDir } from '../helpers.js';
import { startLiveRun } from './live-run.js';

const shared = demoAndChromium();

const tileText = (page: import('playwright').Page, id: string) => page.locator(`#${id}`).innerText();

describe('run --web', () => {
  it('shows the run live, takes a change of users, serves /metrics and stops on Stop', async () => {
    const runDir = join(tempDir(), 'run');
    const run = startLiveRun(['--host', shared.target.url, '--api-key', 'demo-api-key', '-u', '2', '-r', '10', '-t', '90s', '-b', '1', '--workers', '2', '--web', '0', '--threshold', 'p95<60000', '--threshold', 'rps>=1000000', '--results-dir', runDir]);
    const url = await run.url;
    const page = await shared.browser.newPage();
    const { problems, elsewhere } = watchPage(page, url);
    await page.goto(url);

    // The numbers move: the requests so far grow from one frame to a later one.
    await page.waitForFunction(() => Number(document.documentElement.getAttribute('data-frames')) >= 2 && document.querySelector('#live-requests')?.textContent !== '0');
    const before = await tileText(page, 'live-requests');
    await page.waitForFunction((was) => document.querySelector('#live-requests')?.textContent !== was, before, { timeout: 20_000 });
    expect(Number((await tileText(page, 'live-requests')).replace(/,/g, ''))).toBeGreaterThan(Number(before.replace(/,/g, '')));
    await expect.poll(() => page.locator('#names-table tbody tr').count()).toBeGreaterThan(0);
    // Thresholds judged on the figures so far: the one that holds green, the one that cannot red.
    expect(await page.locator('#thresholds li.pass').innerText()).toContain('p95<60000');
    expect(await page.locator('#thresholds li.fail').innerText()).toContain('rps>=1000000');

    // A change of users: both workers get their share, the users tile and chart show it.
    await page.getByLabel('Users', { exact: true }).fill('5');
    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    await page.waitForFunction(() => JSON.parse(document.getElementById('chart-users')?.getAttribute('data-last') ?? '[]')[0] === 5, undefined, { timeout: 30_000 });
    expect(await tileText(page, 'live-users')).toBe('5');

    // The browser user's pages, cold and warm, in the report's own panel.
    await expect.poll(() => page.locator('#pages').innerText(), { timeout: 60_000 }).toContain('/dashboard/');
    expect(await tileText(page, 'live-browser-users')).toBe('1');
    // A second browser user, in the same Chromium, shows in the users chart.
    await page.getByLabel('Browser users', { exact: true }).fill('2');
    await page.getByRole('button', { name: 'Apply browser users', exact: true }).click();
    await page.waitForFunction(() => JSON.parse(document.getElementById('chart-users')?.getAttribute('data-last') ?? '[]')[1] === 2, undefined, { timeout: 30_000 });
    expect(await tileText(page, 'live-browser-users')).toBe('2');

    const metrics = await (await fetch(`${url}metrics`)).text();
    const families = new Map(parsePrometheus(metrics).map((f) => [f.name, f]));
    for (const name of ['browse_load_requests_total', 'browse_load_request_failures_total', 'browse_load_request_duration_seconds', 'browse_load_users', 'browse_load_dropped_arrivals', 'browse_load_late_arrivals', 'browse_load_web_vital', 'browse_load_threshold_passed']) {
      expect(families.has(name), `${name} in /metrics`).toBe(true);
    }
    expect(families.get('browse_load_request_duration_seconds')?.type).toBe('HISTOGRAM');
    const users = families.get('browse_load_users')!.metrics.find((m) => m.labels?.kind === 'protocol');
    expect(Number(users?.value)).toBe(5);
    expect(Number(families.get('browse_load_users')!.metrics.find((m) => m.labels?.kind === 'browser')?.value)).toBe(2);
    expect(families.get('browse_load_web_vital')!.metrics.some((m) => m.labels?.vital === 'fcp' && Number(m.value) > 0)).toBe(true);
    const requests = families.get('browse_load_requests_total')!.metrics;
    expect(requests.some((m) => m.labels?.name === '/api/journal-entries/' && Number(m.value) > 0)).toBe(true);

    await page.getByRole('button', { name: 'Stop' }).click();
    const result = await run.done;
    expect(result.code).toBe(3);
    // The page's last frame said so, and its figures stay.
    expect(await page.locator('#live-state').innerText()).toBe('run ended');
    expect(await page.getByRole('button', { name: 'Stop' }).isDisabled()).toBe(true);
    const summary = readSummary(runDir);
    expect(summary.run.stoppedBy).toBe('signal');
    expect(summary.run.complete).not.toBe(false);
    expect(summary.timeSeries.points.some((p) => p.users === 5)).toBe(true);
    expect(summary.warnings.some((w) => w.startsWith('the live view set the users to 5'))).toBe(true);
    expect(summary.warnings.some((w) => w.startsWith('the live view set the browser users to 2'))).toBe(true);
    expect(problems).toEqual([]);
    expect(elsewhere).toEqual([]);
    await page.close();
  }, 180_000);

  it('changes the open model\'s arrival rate in every worker thread', async () => {
    const runDir = join(tempDir(), 'open');
    const run = startLiveRun(['--host', shared.target.url, '--api-key', 'demo-api-key', '--arrival-rate', '4', '--max-users', '50', '-t', '90s', '-b', '0', '--workers', '2', '--url', '/api/journal-entries/', '--web', '0', '--results-dir', runDir]);
    const url = await run.url;
    const post = (path: string, body: unknown) => fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const frame = async () => JSON.parse((await (await fetch(`${url}download/summary.json`)).text())) as ReturnType<typeof readSummary>;
    await expect.poll(async () => (await frame()).timeSeries.points.length, { timeout: 30_000, interval: 500 }).toBeGreaterThanOrEqual(4);
    expect((await post('users', { target: -1 })).status).toBe(400);
    expect((await post('users', { target: 40 })).status).toBe(200);
    const changedAt = Date.now();
    await expect.poll(async () => (await frame()).timeSeries.points.filter((p) => p.t >= changedAt + 1000).length, { timeout: 30_000, interval: 500 }).toBeGreaterThanOrEqual(4);
    await post('stop', {});
    expect((await run.done).code).toBe(3);
    const { points } = readSummary(runDir).timeSeries;
    const mean = (list: typeof points) => list.reduce((n, p) => n + p.requests, 0) / list.length;
    const before = points.filter((p) => p.t + 1000 <= changedAt).slice(1);
    // Whole seconds only: the last point ends at the Stop, part of the way into its second.
    const after = points.filter((p) => p.t >= changedAt + 1000).slice(0, -1);
    // 4/s before, 40/s after; had one worker thread missed the change, 2 + 20 = 22/s.
    expect(mean(before)).toBeLessThan(8);
    expect(mean(after)).toBeGreaterThan(30);
    expect(mean(after)).toBeLessThan(50);
  }, 120_000);

  it('retires the users above a lower count after their current task, in every worker thread', async () => {
    const runDir = join(tempDir(), 'fewer');
    const run = startLiveRun(['--host', shared.target.url, '--api-key', 'demo-api-key', '-u', '4', '-r', '100', '-t', '90s', '-b', '0', '--workers', '2', '--url', '/api/journal-entries/', '--web', '0', '--results-dir', runDir]);
    const url = await run.url;
    const post = (path: string, body: unknown) => fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const points = async () => (JSON.parse(await (await fetch(`${url}download/summary.json`)).text()) as ReturnType<typeof readSummary>).timeSeries.points;
    await expect.poll(async () => (await points()).at(-1)?.users, { timeout: 30_000, interval: 500 }).toBe(4);
    expect((await post('users', { target: 1.5 })).status).toBe(400);
    expect((await post('users', { target: 1 })).status).toBe(200);
    await expect.poll(async () => (await points()).at(-1)?.users, { timeout: 30_000, interval: 500 }).toBe(1);
    // One user left, and it goes on: requests keep coming.
    const settled = (await points()).at(-1)!;
    await expect.poll(async () => (await points()).filter((p) => p.t > settled.t && p.requests > 0).length, { timeout: 30_000, interval: 500 }).toBeGreaterThanOrEqual(2);
    expect((await points()).filter((p) => p.t > settled.t).every((p) => p.users === 1)).toBe(true);
    await post('stop', {});
    expect((await run.done).code).toBe(3);
  }, 120_000);
});
