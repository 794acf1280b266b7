/**
 * deploy/Containerfile, read as a recipe (there is no container engine here to build it): the
 * Debian 12 base with Node 20, Debian's Chromium headless shell and fonts, tini as PID 1 with the
 * entrypoint the rendered Jobs run, a non-root user, Playwright pointed at the real Chromium binary
 * through the variable playwright.config.ts reads, and no browser download.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chromiumPath } from '../../playwright.config.js';
import { ENTRYPOINT, PATHS } from '../../src/deploy/k8s-plan.js';
import { ROOT } from '../helpers.js';

const RECIPE = readFileSync(join(ROOT, 'deploy/Containerfile'), 'utf8');

/** The recipe's instructions, comments dropped and continued lines joined. */
const instructions = RECIPE.replace(/\\\n/g, ' ')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#'))
  .map((line) => {
    const [, keyword, rest] = /^(\w+)\s+(.*)$/.exec(line)!;
    return { keyword: keyword!.toUpperCase(), rest: rest! };
  });
const all = (keyword: string) => instructions.filter((i) => i.keyword === keyword).map((i) => i.rest);
/** The last stage: what the image is. */
const finalStage = instructions.slice(instructions.map((i) => i.keyword).lastIndexOf('FROM'));
const inFinal = (keyword: string) => finalStage.filter((i) => i.keyword === keyword).map((i) => i.rest);

describe('deploy/Containerfile', () => {
  it('builds on Debian 12 slim with Node 20 in every stage', () => {
    const bases = all('FROM').map((from) => from.split(/\s+/)[0]);
    expect(bases.length).toBeGreaterThan(0);
    for (const base of bases) expect(base).toBe('node:20-bookworm-slim');
  });

  it("installs Debian's Chromium headless shell, fonts and tini", () => {
    const apt = inFinal('RUN').find((run) => run.includes('apt-get install'))!;
    for (const pkg of ['chromium-headless-shell', 'fonts-liberation', 'fonts-noto-color-emoji', 'tini']) expect(apt.split(/\s+/)).toContain(pkg);
    expect(apt).toContain('--no-install-recommends');
  });

  it('runs tini as PID 1, with the entrypoint the rendered Jobs give as their command', () => {
    const [entrypoint] = inFinal('ENTRYPOINT');
    expect(JSON.parse(entrypoint!)).toEqual(ENTRYPOINT);
    expect(ENTRYPOINT[0]).toBe('/usr/bin/tini');
  });

  it('runs as a numeric non-root user, in the folder the Jobs mount the results under', () => {
    const users = inFinal('USER');
    expect(users.length).toBeGreaterThan(0);
    const user = users.at(-1)!;
    // Numeric, so Kubernetes' runAsNonRoot can check it.
    expect(user).toMatch(/^\d+(:\d+)?$/);
    expect(Number(user.split(':')[0])).toBeGreaterThan(0);
    expect(inFinal('WORKDIR').at(-1)).toBe(PATHS.workingDir);
  });

  it('points Playwright at the real Chromium binary through the variable the launcher reads', () => {
    const env = inFinal('ENV').join(' ');
    const path = /CHROMIUM_PATH=(\S+)/.exec(env)?.[1];
    expect(path).toBe('/usr/lib/chromium/chromium-headless-shell');
    // The launcher takes that variable over its own candidates (the /usr/bin wrappers).
    expect(chromiumPath({ CHROMIUM_PATH: path })).toBe(path);
    expect(env).toContain('PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1');
  });

  it('never downloads a browser, and compiles the CLI from a clean install', () => {
    expect(RECIPE).not.toMatch(/playwright\s+install/);
    const runs = all('RUN').join('\n');
    expect(runs).toMatch(/npm ci\b/);
    expect(runs).toMatch(/npm run build/);
  });
});
