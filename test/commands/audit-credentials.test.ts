/**
 * `audit` without credentials against the demo target, whose API answers 401 without a key: the
 * refused routes are listed as not audited (their 401 bodies are no evidence of the route's real
 * compression or caching), and --strict fails when nothing could be audited for that reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAuditCommand, type RawAuditOptions } from '../../src/commands/audit.js';
import { startDemoTarget, type DemoTarget } from '../../src/target/server.js';

class Capture {
  text = '';
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

async function audit(raw: RawAuditOptions): Promise<{ code: number; out: string; err: string }> {
  const out = new Capture();
  const err = new Capture();
  const code = await runAuditCommand(raw, out as unknown as NodeJS.WritableStream, err as unknown as NodeJS.WritableStream);
  return { code, out: out.text, err: err.text };
}

let target: DemoTarget;
beforeAll(async () => {
  target = await startDemoTarget({ port: 0 });
});
afterAll(() => target?.close());

const routes = '/api/search/?q=cash,/api/journal-entries/';

describe('audit of an API that wants credentials', () => {
  it('without credentials lists each route as not audited, and --strict exits 1: nothing could be audited', async () => {
    const { code, out, err } = await audit({ host: target.url, browser: false, routes, strict: true });
    expect(out).toContain('GET /api/search/?q=cash: not audited: HTTP 401 (no credentials given)');
    expect(out).toContain('GET /api/journal-entries/: not audited: HTTP 401 (no credentials given)');
    expect(err).toMatch(/nothing could be audited: every row answered 401\/403 \(no credentials given/);
    expect(code).toBe(1);
  }, 60_000);

  it('with a wrong API key says the credentials were refused, and keeps stdout JSON under --json', async () => {
    const { code, out, err } = await audit({ host: target.url, browser: false, routes, strict: true, json: true, apiKey: 'wrong' });
    expect(() => JSON.parse(out)).not.toThrow();
    expect(err).toContain('not audited: HTTP 401 (the credentials given were refused)');
    expect(code).toBe(1);
  }, 60_000);

  it('with the API key judges the routes and passes --strict on the clean target', async () => {
    const { code, out } = await audit({ host: target.url, browser: false, routes, strict: true, apiKey: 'demo-api-key' });
    expect(out).not.toContain('not audited: HTTP 401');
    expect(code).toBe(0);
  }, 60_000);
});
