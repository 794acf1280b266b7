/**
 * The demo target's cookie parsing (@fastify/cookie, and fastify's inject through
 * light-my-request) loads the `cookie` package that package.json's `overrides` pins: cookie 2
 * wants Node 22, so `npm ci` warned on our Node 20; 1.1.1 has the same functions
 * (parseCookie, stringifySetCookie) and allows Node 18 up.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

function cookieSeenBy(dependent: string): { version: string; engines: { node: string } } {
  const from = createRequire(createRequire(import.meta.url).resolve(`${dependent}/package.json`));
  return JSON.parse(readFileSync(from.resolve('cookie/package.json'), 'utf8'));
}

describe('the cookie package', () => {
  for (const dependent of ['@fastify/cookie', 'light-my-request']) {
    it(`that ${dependent} loads allows the Node we run on`, () => {
      const { engines } = cookieSeenBy(dependent);
      const least = /^>=\s*(\d+)/.exec(engines.node);
      expect(least, engines.node).not.toBeNull();
      expect(Number(least![1])).toBeLessThanOrEqual(Number(process.versions.node.split('.')[0]));
    });
  }
});
