/**
 * Flow files kept in a user's own folder, outside the checkout, import the flow API by its name
 * ('browse-load/flow'), though nothing there holds browse-load (src/flow-api/resolve-hook.ts).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, readSummary, runCli, tempDir } from '../helpers.js';

/** The flow example of the README ("Writing flows"), as a user copies it. */
function readmeFlowExample(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Writing flows'));
  const example = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  if (!example) throw new Error('README: no ```ts block under "Writing flows"');
  return example;
}

/** A folder of the user's own, outside the repository, with its flows/ folder. */
function userFolder(): string {
  const dir = tempDir('browse-load-user-');
  expect(dir.startsWith(ROOT)).toBe(false);
  mkdirSync(join(dir, 'flows'));
  return dir;
}

const SHORT_RUN = ['--demo-target', '-u', '4', '-r', '4', '-t', '2s', '-b', '0', '--quiet', '--no-html', '--seed', '3'];

describe('a flow file outside the repository', () => {
  it("runs the README's TypeScript example, importing browse-load/flow by name", async () => {
    const dir = userFolder();
    const example = readmeFlowExample();
    expect(example).toContain("from 'browse-load/flow'");
    writeFileSync(join(dir, 'flows/shop.ts'), example);
    const results = join(dir, 'results');
    const run = await runCli(['run', ...SHORT_RUN, '-f', 'flows/shop.ts', '--results-dir', results], { cwd: dir });
    expect(run.stderr).not.toContain('Cannot find module');
    expect(run.stdout).toContain('GET   /api/products/');
    // The demo ERP has no shop routes: each request fails (404), so the run exits 1, as Locust's.
    expect(run.stdout).toMatch(/^ +[\d,]+ {2}GET \/api\/products\/: HTTP 404$/m);
    expect(run.code).toBe(1);
    const summary = readSummary(results);
    expect(summary.run.flow).toBe('flows/shop.ts');
    // What matters: the requests made are the flow's own.
    const names = summary.stats.map((s) => `${s.type} ${s.name}`);
    expect(names).toContain('GET /api/products/');
    for (const name of names) expect(['GET /api/products/', 'POST /api/orders/']).toContain(name);
  }, 90_000);

  it('runs a JavaScript flow of an ESM package folder, importing browse-load/flow by name', async () => {
    const dir = userFolder();
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'my-load', type: 'module' }));
    writeFileSync(
      join(dir, 'flows/health.js'),
      [
        "import { defineFlow, constant, status } from 'browse-load/flow';",
        'export default defineFlow({',
        "  name: 'health',",
        "  protocol: { wait: constant(0.2), tasks: [{ name: 'health', async run(user) { await user.http.get('/health', { checks: [status(200)] }); } }] },",
        '});',
        '',
      ].join('\n'),
    );
    const results = join(dir, 'results');
    const run = await runCli(['run', ...SHORT_RUN, '-f', 'flows/health.js', '--results-dir', results], { cwd: dir });
    expect(run.stderr).not.toContain('Cannot find module');
    expect(run.code).toBe(0);
    const row = readSummary(results).stats.find((s) => s.name === '/health');
    expect(row?.count).toBeGreaterThan(0);
    expect(row?.failures).toBe(0);
  }, 90_000);
});
