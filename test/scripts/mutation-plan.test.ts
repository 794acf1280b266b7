/** `make mutation MUTATE=…`: which pass mutates what was asked, and that the passes' lists agree. */
import { describe, expect, it } from 'vitest';
import { loadPasses, planPasses } from '../../scripts/mutation.js';

const passes = await loadPasses();
const plan = (...paths: string[]): Record<string, string[] | undefined> =>
  Object.fromEntries(planPasses(passes, paths).map(({ pass, mutate }) => [pass.config, mutate]));

describe('the passes of make mutation', () => {
  it('runs every pass on its own list when nothing is asked, the core pass last', () => {
    expect(plan()).toEqual({ 'stryker.hdr.config.mjs': undefined, 'stryker.rules.config.mjs': undefined, 'stryker.config.mjs': undefined });
    expect(passes.at(-1)?.config).toBe('stryker.config.mjs');
  });

  it('gives a file to the one pass that owns it, and none to the others', () => {
    expect(plan('src/hdr/histogram.ts')).toEqual({ 'stryker.hdr.config.mjs': ['src/hdr/histogram.ts'], 'stryker.rules.config.mjs': [], 'stryker.config.mjs': [] });
    expect(plan('src/report/csv/locust.ts')['stryker.rules.config.mjs']).toEqual(['src/report/csv/locust.ts']);
    expect(plan('src/audit/caching.ts')).toEqual({
      'stryker.hdr.config.mjs': [],
      'stryker.rules.config.mjs': [],
      'stryker.config.mjs': ['src/audit/caching.ts', ...passes.slice(0, -1).flatMap((p) => p.owns).map((own) => `!${own.endsWith('/') ? `${own}**/*.ts` : own}`)],
    });
  });

  it('splits a folder between the pass that owns some of its files and the core pass, which leaves those out', () => {
    const audit = plan('src/audit/');
    expect(audit['stryker.rules.config.mjs']).toEqual(['src/audit/compression.ts']);
    expect(audit['stryker.config.mjs']?.[0]).toBe('src/audit/**/*.ts');
    expect(audit['stryker.config.mjs']).toContain('!src/audit/compression.ts');
    expect(audit['stryker.hdr.config.mjs']).toEqual([]);
  });

  it('gives the folder of a pass, asked as a folder or a glob, to that pass alone', () => {
    for (const asked of ['src/hdr', 'src/hdr/**/*.ts']) {
      expect(plan(asked)['stryker.hdr.config.mjs']).toEqual([asked === 'src/hdr' ? 'src/hdr/**/*.ts' : asked]);
      expect(plan(asked)['stryker.config.mjs']).toEqual([]);
    }
  });

  it('leaves out of the core pass every file another pass owns', async () => {
    const config: string = '../../stryker.config.mjs';
    const core = ((await import(config)) as { default: { mutate: string[] } }).default.mutate;
    const prefixes = core.filter((g) => !g.startsWith('!')).map((g) => (g.includes('*') ? g.slice(0, g.indexOf('*')) : g));
    for (const own of passes.slice(0, -1).flatMap((p) => p.owns)) {
      const covered = prefixes.some((prefix) => (prefix.endsWith('/') ? own.startsWith(prefix) : own === prefix));
      if (covered) expect(core, own).toContain(`!${own.endsWith('/') ? `${own}**/*.ts` : own}`);
    }
  });

  it('has no file in two passes', () => {
    const owned = passes.flatMap((p) => p.owns);
    expect(new Set(owned).size).toBe(owned.length);
    for (const own of owned) expect(owned.filter((other) => other !== own && other.endsWith('/') && own.startsWith(other))).toEqual([]);
  });
});
