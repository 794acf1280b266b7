/**
 * Each misconfiguration option changes exactly what it says on the wire, and nothing else.
 * Every case starts its own target (all closed at the end). Cases that only look at headers
 * and statuses run concurrently; the timing cases run one at a time.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { stallEndsAt } from '../../src/target/faults.js';
import { startDemoTarget, type DemoTarget, type DemoTargetOptions } from '../../src/target/server.js';
import { API_KEY, GZIP, send, type Send } from './http.js';

const running: DemoTarget[] = [];
async function start(options: DemoTargetOptions): Promise<DemoTarget> {
  const target = await startDemoTarget({ port: 0, ...options });
  running.push(target);
  return target;
}
afterAll(async () => {
  await Promise.all(running.map((t) => t.close()));
});

async function timed(url: string, options?: Send): Promise<{ ms: number; status: number; doneAt: number }> {
  const started = Date.now();
  const res = await send(url, options);
  const doneAt = Date.now();
  return { ms: doneAt - started, status: res.status, doneAt };
}

describe.concurrent('misconfiguration options', () => {
  describe('--no-gzip', () => {
    it('compresses nothing, while ETags and statuses stay as they were', async () => {
      const t = await start({ gzip: false });
      for (const path of ['/', '/dashboard/', '/static/app.js', '/static/vendor.js']) {
        const res = await send(`${t.url}${path}`, { headers: { 'accept-encoding': 'gzip, deflate, br' } });
        expect(res.status, path).toBe(200);
        expect(res.header('content-encoding'), path).toBeUndefined();
      }
      const json = await send(`${t.url}/api/journal-entries/`, { headers: { ...API_KEY, ...GZIP } });
      expect(json.header('content-encoding')).toBeUndefined();
      expect(json.header('etag')).toBeTruthy();
    });
  });

  describe('--no-gzip-for', () => {
    it('leaves only the named path uncompressed', async () => {
      const t = await start({ noGzipFor: ['/static/vendor.js'] });
      const vendor = await send(`${t.url}/static/vendor.js`, { headers: GZIP });
      expect(vendor.header('content-encoding')).toBeUndefined();
      expect(vendor.header('vary')).toBeUndefined();
      expect((await send(`${t.url}/static/app.js`, { headers: GZIP })).header('content-encoding')).toBe('gzip');
      expect((await send(`${t.url}/`, { headers: GZIP })).header('content-encoding')).toBe('gzip');
    });

    it('takes a prefix ending in *', async () => {
      const t = await start({ noGzipFor: ['/api/*'] });
      const json = await send(`${t.url}/api/journal-entries/`, { headers: { ...API_KEY, ...GZIP } });
      expect(json.raw.length).toBeGreaterThan(200);
      expect(json.header('content-encoding')).toBeUndefined();
      expect((await send(`${t.url}/dashboard/`, { headers: GZIP })).header('content-encoding')).toBe('gzip');
    });
  });

  describe('--cache-control', () => {
    it('overrides Cache-Control on the named paths only; an empty value removes it', async () => {
      const t = await start({ cacheControl: { '/': 'public, max-age=600', '/static/app.js': 'no-store', '/dashboard/': '' } });
      expect((await send(`${t.url}/`)).header('cache-control')).toBe('public, max-age=600');
      expect((await send(`${t.url}/static/app.js`)).header('cache-control')).toBe('no-store');
      expect((await send(`${t.url}/dashboard/`)).header('cache-control')).toBeUndefined();
      expect((await send(`${t.url}/static/app.css`)).header('cache-control')).toBe('public, max-age=31536000, immutable');
      expect((await send(`${t.url}/static/vendor.js`)).header('cache-control')).toBe('no-cache');
    });
  });

  describe('--no-validators', () => {
    it('sends no ETag or Last-Modified anywhere, so conditional requests always get 200', async () => {
      const normal = await start({});
      const t = await start({ validators: false });
      for (const path of ['/', '/static/app.css', '/static/vendor.js', '/api/journal-entries/1/']) {
        const known = await send(`${normal.url}${path}`, { headers: API_KEY });
        const etag = known.header('etag')!;
        expect(etag, path).toBeTruthy();
        const res = await send(`${t.url}${path}`, { headers: API_KEY });
        expect(res.header('etag'), path).toBeUndefined();
        expect(res.header('last-modified'), path).toBeUndefined();
        const conditional = await send(`${t.url}${path}`, {
          headers: { ...API_KEY, 'if-none-match': etag, 'if-modified-since': new Date().toUTCString() },
        });
        expect(conditional.status, path).toBe(200);
        expect(conditional.raw.length).toBe(res.raw.length);
      }
      expect((await send(`${t.url}/static/app.css`)).header('cache-control')).toBe('public, max-age=31536000, immutable');
    });
  });

  describe('--error-rate', () => {
    it('1 turns every /api/* response into a 500 JSON error and leaves pages alone', async () => {
      const t = await start({ errorRate: 1 });
      const res = await send(`${t.url}/api/journal-entries/`, { headers: API_KEY });
      expect(res.status).toBe(500);
      expect(res.header('content-type')).toMatch(/application\/json/);
      expect(res.json().detail).toMatch(/error/i);
      expect((await send(`${t.url}/`)).status).toBe(200);
      expect((await send(`${t.url}/health`)).status).toBe(200);
    });

    it('a fraction fails about that share of API responses', async () => {
      const t = await start({ errorRate: 0.3 });
      let failed = 0;
      for (let i = 0; i < 200; i += 1) {
        const res = await send(`${t.url}/api/journal-entries/1/`, { headers: API_KEY });
        expect([200, 500]).toContain(res.status);
        if (res.status === 500) failed += 1;
      }
      expect(failed / 200).toBeGreaterThan(0.2);
      expect(failed / 200).toBeLessThan(0.4);
    });
  });

  describe('credentials and seed', () => {
    it('--username, --password and --api-key replace the defaults', async () => {
      const t = await start({ username: 'alice', password: 's3cret', apiKey: 'key-123' });
      expect((await send(`${t.url}/api/journal-entries/`, { headers: API_KEY })).status).toBe(401);
      expect((await send(`${t.url}/api/journal-entries/`, { headers: { 'x-api-key': 'key-123' } })).status).toBe(200);
      const old = await send(`${t.url}/api/token/`, { method: 'POST', json: { username: 'admin', password: 'adminpass' } });
      expect(old.status).toBe(401);
      const token = await send(`${t.url}/api/token/`, { method: 'POST', json: { username: 'alice', password: 's3cret' } });
      expect(token.status).toBe(200);
    });

    it('the same seed gives the same data and assets; another seed different data', async () => {
      const [a, b, c] = [await start({}), await start({}), await start({ seed: 7 })];
      const entry = async (t: DemoTarget) => (await send(`${t.url}/api/journal-entries/1/`, { headers: API_KEY })).text();
      expect(await entry(a)).toBe(await entry(b));
      expect(await entry(a)).not.toBe(await entry(c));
      const css = async (t: DemoTarget) => (await send(`${t.url}/static/app.css`)).header('etag');
      expect(await css(a)).toBe(await css(b));
    });
  });

  describe('startDemoTarget', () => {
    it('rejects a port in use with a UsageError', async () => {
      const t = await start({});
      await expect(startDemoTarget({ port: t.port })).rejects.toThrow(UsageError);
      await expect(startDemoTarget({ port: t.port })).rejects.toThrow(/already in use/);
    });

    it('reports every bad option at once', async () => {
      const attempt = startDemoTarget({ errorRate: 2, latencyMs: -1, stall: { ms: 2000, everySeconds: 1 }, noGzipFor: ['static/*'] });
      await expect(attempt).rejects.toThrow(UsageError);
      const message = await attempt.catch((error: Error) => error.message);
      for (const flag of ['--error-rate', '--latency', '--stall', '--no-gzip-for']) expect(message).toContain(flag);
      expect(message).not.toContain('\n');
    });
  });
});

// Timing cases run one at a time: concurrent servers would blur what they measure.
describe('startDemoTarget, alone', () => {
  it('starts in well under 2 s', async () => {
    const started = performance.now();
    await start({});
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('--latency, --latency-for, --jitter', () => {
  it('--latency delays every route', async () => {
    const t = await start({ latencyMs: 150 });
    expect((await timed(`${t.url}/health`)).ms).toBeGreaterThanOrEqual(145);
    expect((await timed(`${t.url}/api/journal-entries/1/`, { headers: API_KEY })).ms).toBeGreaterThanOrEqual(145);
  });

  it('--latency-for delays the matching paths only, and replaces --latency there', async () => {
    const t = await start({ latencyFor: { '/api/*': 300, '/static/app.css': 0 }, latencyMs: 100 });
    expect((await timed(`${t.url}/api/journal-entries/1/`, { headers: API_KEY })).ms).toBeGreaterThanOrEqual(295);
    // The fastest of a few requests, so a busy machine does not read as added latency.
    const fastest = async (path: string) => Math.min(...(await Promise.all([1, 2, 3].map(() => timed(`${t.url}${path}`)))).map((r) => r.ms));
    const health = await fastest('/health');
    expect(health).toBeGreaterThanOrEqual(95);
    expect(health).toBeLessThan(290);
    expect(await fastest('/static/app.css')).toBeLessThan(95);
  });

  it('--jitter adds a random 0..MS to each response', async () => {
    const t = await start({ jitterMs: 120 });
    const times: number[] = [];
    for (let i = 0; i < 12; i += 1) times.push((await timed(`${t.url}/health`)).ms);
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThan(25);
    expect(Math.min(...times)).toBeLessThan(100);
  });
});

describe('--stall', () => {
  // 300 ms stalls every second after start. Each request is sent when the server's own schedule
  // (stallEndsAt) says so, waited for, not at fixed times a busy machine may miss.
  const stall = { ms: 300, everySeconds: 1 };
  /** Waits until `test(now)` holds, polling every 5 ms, 10 s at most. */
  async function until(test: (now: number) => boolean): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!test(Date.now())) {
      if (Date.now() > deadline) throw new Error('the stall schedule never came to the awaited point');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  it('holds requests that arrive during a stall, and responses ready during one, until it ends', async () => {
    // /static/logo.svg takes 250 ms: sent in the 250 ms before a stall, it is ready during it.
    const t = await start({ stall, latencyFor: { '/static/logo.svg': 250 } });
    const stalled = (now: number) => stallEndsAt(t.startedAt, stall, now);
    const sinceWindow = (now: number) => (now - t.startedAt) % 1000;

    await until((now) => stalled(now) !== null && sinceWindow(now) < 200);
    const duringEnd = stalled(Date.now())!;
    const during = await timed(`${t.url}/health`);
    expect(during.status).toBe(200);
    expect(during.doneAt).toBeGreaterThanOrEqual(duringEnd - 5);

    // Right after a stall, with 400 ms to go to the next one: answered at once, not held.
    await until((now) => stalled(now) === null && sinceWindow(now) >= 300 && sinceWindow(now) < 600);
    const sent = Date.now();
    const between = await timed(`${t.url}/health`);
    const nextStart = sent - sinceWindow(sent) + 1000;
    expect(between.doneAt).toBeLessThan(nextStart + stall.ms);

    // 200 ms before a stall: the 250 ms response is ready inside it and leaves when it ends.
    await until((now) => sinceWindow(now) >= 800 && sinceWindow(now) < 850);
    const sentBefore = Date.now();
    const windowEnd = sentBefore - sinceWindow(sentBefore) + 1000 + stall.ms;
    const inFlight = await timed(`${t.url}/static/logo.svg`);
    expect(inFlight.status).toBe(200);
    expect(inFlight.doneAt).toBeGreaterThanOrEqual(windowEnd - 5);
  });
});
