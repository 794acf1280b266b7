/**
 * Protocol users against the demo target's `--tls` (and `--http2`): a self-signed certificate is a
 * named failure until `--insecure`, the TLS handshake is timed on the request that opened the
 * connection, and `--http2` really speaks HTTP/2.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoTarget, type DemoTarget } from '../../src/target/server.js';
import type { UserSettings } from '../../src/protocol/user.js';
import { checkReachable } from '../../src/runner/preflight.js';
import { faultUser } from './fault-server.js';

let target: DemoTarget;
beforeAll(async () => {
  target = await startDemoTarget({ port: 0, tls: true, http2: true });
});
afterAll(async () => {
  await target?.close();
});

async function threeGets(settings: Partial<UserSettings>) {
  const { user, recorder } = faultUser(target.url, settings);
  const answers = [];
  for (let i = 0; i < 3; i++) answers.push(await user.get('/static/app.css', { name: 'css' }));
  await user.close(false);
  return { answers, stats: recorder.snapshot().stats };
}

describe('protocol users against a TLS demo target', () => {
  it('serves https at the printed URL', () => {
    expect(target.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  });

  it('names the self-signed certificate as not trusted, without --insecure', async () => {
    const { answers, stats } = await threeGets({});
    for (const res of answers) {
      expect(res.status).toBe(0);
      expect(res.error).toBe('TLS certificate not trusted (DEPTH_ZERO_SELF_SIGNED_CERT)');
    }
    expect(stats[0].failures).toBe(3);
  });

  it('with --insecure, gets 200s and times the TLS handshake once, on the request that opened the connection', async () => {
    const { answers, stats } = await threeGets({ insecure: true });
    expect(answers.map((res) => res.status)).toEqual([200, 200, 200]);
    const connections = stats[0].connections!;
    expect(connections.opened).toBe(1);
    expect(connections.connect.latency.count).toBe(1);
    expect(connections.tls!.latency.count).toBe(1);
    expect(connections.tls!.latency.max!).toBeGreaterThan(0);
  });

  it('speaks HTTP/1.1 by default and HTTP/2 with --http2, for the same bodies', async () => {
    const h1 = await threeGets({ insecure: true });
    const h2 = await threeGets({ insecure: true, http2: true });
    // HTTP/2 forbids the connection-specific headers that every HTTP/1.1 answer of fastify carries.
    expect(h1.answers[0].headers.connection).toBe('keep-alive');
    for (const res of h2.answers) {
      expect(res.status).toBe(200);
      expect(res.headers.connection).toBeUndefined();
      expect(res.headers['keep-alive']).toBeUndefined();
    }
    expect(h2.answers[0].text()).toBe(h1.answers[0].text());
    expect(h2.stats[0].connections!.opened).toBe(1);
  });

  it('counts the same body bytes over HTTP/1.1 and HTTP/2: wire (gzip as sent) and decoded', async () => {
    const paths = ['/', '/static/vendor.js', '/static/app.css', '/static/logo.svg'];
    const bytesOver = async (http2: boolean) => {
      const { user, recorder } = faultUser(target.url, { insecure: true, http2 });
      for (const path of paths) expect((await user.get(path, { name: path })).status).toBe(200);
      await user.close(false);
      const { aggregate, stats } = recorder.snapshot();
      return { aggregate: [aggregate.wireBytes, aggregate.decodedBytes], byPath: stats.map((s) => [s.name, s.wireBytes, s.decodedBytes]) };
    };
    const h1 = await bytesOver(false);
    const h2 = await bytesOver(true);
    expect(h2).toEqual(h1);
    // Compressed on the wire both ways: the comparison is of gzip bodies, not of identity ones.
    expect(h1.aggregate[0]).toBeLessThan(h1.aggregate[1] / 2);
  });
});

describe('the start\'s reachability check against a TLS demo target', () => {
  it('refuses the self-signed certificate by name with the flag that accepts it, and passes with --insecure', async () => {
    await expect(checkReachable(target.url)).rejects.toThrow(
      `cannot reach ${target.url}: TLS certificate not trusted (DEPTH_ZERO_SELF_SIGNED_CERT); --insecure accepts a self-signed test target`,
    );
    await expect(checkReachable(target.url, 5000, true)).resolves.toBeUndefined();
  });
});
