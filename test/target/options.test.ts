/** Option parsing and the path patterns and stall windows the misconfiguration options use. */
import { describe, expect, it } from 'vitest';
import { parseFlags } from '../../src/commands/demo-target.js';
import { stallEndsAt } from '../../src/target/faults.js';
import { pathLookup } from '../../src/target/options.js';

const defaults = {
  port: '8000',
  host: '127.0.0.1',
  username: 'admin',
  password: 'adminpass',
  apiKey: 'demo-api-key',
  gzip: true,
  gzipFor: [],
  cacheControl: [],
  redirect: [] as string[],
  validators: true,
  latencyFor: [],
  seed: '42',
};

describe('path patterns', () => {
  it('match exact paths first, then the longest prefix ending in *', () => {
    const lookup = pathLookup({ '/api/*': 1, '/api/search/*': 2, '/api/search/': 3, '/': 4 });
    expect(lookup('/api/search/')).toBe(3);
    expect(lookup('/api/search/x')).toBe(2);
    expect(lookup('/api/journal-entries/')).toBe(1);
    expect(lookup('/')).toBe(4);
    expect(lookup('/dashboard/')).toBeUndefined();
  });
});

describe('stall windows', () => {
  const stall = { ms: 300, everySeconds: 2 };
  it('start every period after start, not at start, and last ms', () => {
    expect(stallEndsAt(0, stall, 100)).toBeNull();
    expect(stallEndsAt(0, stall, 1999)).toBeNull();
    expect(stallEndsAt(0, stall, 2000)).toBe(2300);
    expect(stallEndsAt(0, stall, 2299)).toBe(2300);
    expect(stallEndsAt(0, stall, 2300)).toBeNull();
    expect(stallEndsAt(1000, stall, 5100)).toBe(5300);
  });
});

describe('demo-target flags', () => {
  it('split PATH=VALUE at the first = for --cache-control and PATH=MS at the last for --latency-for', () => {
    const { options, problems } = parseFlags({
      ...defaults,
      cacheControl: ['/static/*=public, max-age=60', '/=', '/dashboard/=no-store'],
      latencyFor: ['/api/*=250'],
      gzipFor: ['/static/vendor.js'],
      stall: '300:5',
      errorRate: '0.25',
      jitter: '10',
      latency: '5',
      redirect: ['/old/=/new/?a=b'],
    });
    expect(problems).toEqual([]);
    expect(options.redirects).toEqual({ '/old/': '/new/?a=b' });
    expect(options.cacheControl).toEqual({ '/static/*': 'public, max-age=60', '/': '', '/dashboard/': 'no-store' });
    expect(options.latencyFor).toEqual({ '/api/*': 250 });
    expect(options).toMatchObject({ noGzipFor: ['/static/vendor.js'], stall: { ms: 300, everySeconds: 5 }, errorRate: 0.25, jitterMs: 10, latencyMs: 5, port: 8000 });
  });

  it('report every bad value at once, naming the flag', () => {
    const { problems } = parseFlags({ ...defaults, port: '70000', errorRate: 'half', stall: '5000:1', latencyFor: ['/api/*'], cacheControl: ['no-store'], jitter: '', redirect: ['old=/new/'] });
    expect(problems).toHaveLength(7);
    for (const flag of ['--port', '--error-rate', '--stall', '--latency-for', '--cache-control', '--jitter', '--redirect']) {
      expect(problems.some((p) => p.startsWith(flag))).toBe(true);
    }
  });
});

describe('--tls and --http2', () => {
  it('serves HTTP/2 over TLS only, as browsers speak it', () => {
    expect(parseFlags({ ...defaults, http2: true }).problems).toEqual(['--http2 is served over TLS only, as browsers speak it; add --tls']);
    const both = parseFlags({ ...defaults, tls: true, http2: true });
    expect(both.problems).toEqual([]);
    expect(both.options).toMatchObject({ tls: true, http2: true });
  });
});
