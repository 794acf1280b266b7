/** Redirects followed hop by hop against the demo target's --redirect, each hop its own row. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatEntry } from '../../src/schema/summary.js';
import { startDemoTarget, type DemoTarget } from '../../src/target/server.js';
import { readSummary, runCli, tempDir } from '../helpers.js';
import { faultUser } from './fault-server.js';

let target: DemoTarget;
beforeAll(async () => {
  target = await startDemoTarget({
    port: 0,
    redirects: {
      '/chain/1/': '../2/', // relative: resolves to /chain/2/
      '/chain/2/': '/',
      '/loop/a/': '/loop/b/',
      '/loop/b/': '../a/',
      '/away/': 'http://127.0.0.2:9/elsewhere/',
    },
  });
});
afterAll(async () => {
  await target.close();
});

/** The rows as [method, name, count, failures, statuses], in the order the hops were made. */
const rows = (stats: StatEntry[], order: string[]) =>
  stats.map((s) => [s.method, s.name, s.count, s.failures, s.responses?.statuses]).sort((a, b) => order.indexOf(a[1] as string) - order.indexOf(b[1] as string));

describe('redirects', () => {
  it('follows a chain with a relative Location, recording each hop by its own path, and hands the flow the last answer', async () => {
    const { user, recorder } = faultUser(target.url);
    const res = await user.get('/chain/1/', { name: 'start', expect: 200 });
    await user.close(false);
    expect([res.ok, res.status]).toEqual([true, 200]);
    expect(rows(recorder.snapshot().stats, ['start', '/chain/2/', '/'])).toEqual([
      ['GET', 'start', 1, 0, { '302': 1 }],
      ['GET', '/chain/2/', 1, 0, { '302': 1 }],
      ['GET', '/', 1, 0, { '200': 1 }],
    ]);
  });

  it('continues a POST answered 302 as a GET without its body, as browsers and requests do', async () => {
    const { user, recorder } = faultUser(target.url);
    const res = await user.post('/chain/2/', { json: { a: 1 } });
    await user.close(false);
    expect(res.status).toBe(200);
    expect(rows(recorder.snapshot().stats, ['/chain/2/', '/'])).toEqual([
      ['POST', '/chain/2/', 1, 0, { '302': 1 }],
      ['GET', '/', 1, 0, { '200': 1 }],
    ]);
  });

  it('fails a loop as "too many redirects (N)" after N hops', async () => {
    const { user, recorder } = faultUser(target.url, { maxRedirects: 3 });
    const res = await user.get('/loop/a/');
    await user.close(false);
    expect([res.ok, res.status, res.error]).toEqual([false, 302, 'too many redirects (3)']);
    const { stats, failures } = recorder.snapshot();
    expect(stats.reduce((n, s) => n + s.count, 0)).toBe(4);
    expect(failures).toEqual([expect.objectContaining({ name: '/loop/b/', error: 'too many redirects (3)', occurrences: 1 })]);
  });

  it('follows none with --max-redirects 0: the 302 itself is the answer (wrk-style)', async () => {
    const { user, recorder } = faultUser(target.url, { maxRedirects: 0 });
    const res = await user.get('/chain/1/');
    await user.close(false);
    expect([res.ok, res.status, res.headers.location]).toEqual([true, 302, '../2/']);
    expect(rows(recorder.snapshot().stats, [])).toEqual([['GET', '/chain/1/', 1, 0, { '302': 1 }]]);
  });

  it('does not follow a redirect the flow expects: `expect: 302` asks for the 302 itself', async () => {
    const { user, recorder } = faultUser(target.url);
    const res = await user.get('/chain/1/', { expect: [301, 302] });
    await user.close(false);
    expect([res.ok, res.status]).toEqual([true, 302]);
    expect(recorder.snapshot().stats.map((s) => s.name)).toEqual(['/chain/1/']);
  });

  it('does not follow a redirect to another origin, and records it as a failure naming that origin', async () => {
    const { user, recorder } = faultUser(target.url);
    const res = await user.get('/away/');
    await user.close(false);
    expect([res.ok, res.status, res.error]).toEqual([false, 302, 'redirect to another origin not followed (http://127.0.0.2:9)']);
    expect(recorder.snapshot().stats.map((s) => s.name)).toEqual(['/away/']);
  });

  it('takes --max-redirects from the run command, and refuses a value that is not a whole number >= 0', async () => {
    const dir = tempDir();
    const args = ['run', '--host', target.url, '--url', '/loop/a/', '-u', '1', '-t', '2s', '-b', '0', '--quiet', '--no-html'];
    await runCli([...args, '--max-redirects', '2', '--results-dir', dir]);
    const summary = readSummary(dir);
    expect(summary.failures.map((f) => [f.name, f.error])).toEqual([['/loop/a/', 'too many redirects (2)']]);
    // Each iteration: /loop/a/, /loop/b/ followed, /loop/a/ fails; so a third of the requests fail
    // (the chain cut at stop may leave one or two hops of a last iteration).
    const { count, failures } = summary.aggregate;
    expect(failures).toBeGreaterThan(0);
    expect(count - 3 * failures).toBeGreaterThanOrEqual(0);
    expect(count - 3 * failures).toBeLessThanOrEqual(2);
    const bad = await runCli([...args, '--max-redirects', '-1']);
    expect([bad.code, bad.stderr]).toEqual([2, "browse-load: --max-redirects wants a whole number >= 0, got '-1'\n"]);
  });
});
