/**
 * `make install` puts `browse-load` on the PATH (npm's global prefix; a temporary one here, never
 * the machine's /usr/local), and the installed command runs the README's examples from any folder.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, readSummary, tempDir } from '../helpers.js';

/** Runs a command with the temporary prefix's bin first on the PATH. */
function sh(command: string, args: string[], opts: { cwd: string; prefix: string }) {
  const env = { ...process.env, PATH: `${join(opts.prefix, 'bin')}:${process.env.PATH}` };
  return spawnSync(command, args, { cwd: opts.cwd, env, encoding: 'utf8', timeout: 120_000 });
}

describe('make install', () => {
  it('links the checkout into the prefix so that browse-load runs from another folder', () => {
    const prefix = tempDir('browse-load-prefix-');
    // -o: never reinstall node_modules here (a test must not run npm ci); deps still builds dist/.
    const make = spawnSync('make', ['-o', 'node_modules/.package-lock.json', 'install', `PREFIX=${prefix}`], { cwd: ROOT, encoding: 'utf8', timeout: 180_000 });
    expect(make.status, make.stderr).toBe(0);
    expect(make.stdout).toContain(`installed as ${prefix}/bin/browse-load`);
    const bin = join(prefix, 'bin', 'browse-load');
    expect(existsSync(bin)).toBe(true);
    expect(realpathSync(bin)).toBe(join(realpathSync(ROOT), 'bin', 'browse-load.js'));

    const elsewhere = tempDir('browse-load-elsewhere-');
    const version = sh('browse-load', ['--version'], { cwd: elsewhere, prefix });
    expect(version.status, version.stderr).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    // A README example ("Usage"), shortened and made quiet, from that folder.
    const results = join(elsewhere, 'run');
    const run = sh('browse-load', ['run', '--demo-target', '--url', '/health', '-u', '2', '-t', '2s', '-b', '0', '--quiet', '--no-html', '--results-dir', results], { cwd: elsewhere, prefix });
    expect(run.status, run.stderr).toBe(0);
    expect(readSummary(results).stats.find((s) => s.name === '/health')?.count).toBeGreaterThan(0);
  }, 240_000);
});
