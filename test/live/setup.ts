/** What the live tests share: the demo target and Chromium for the file, and a page watched for what it should never do. */
import { chromium, type Browser, type Page } from 'playwright';
import { afterAll, beforeAll } from 'vitest';
import { CHROMIUM_ARGS, chromiumPath } from '../../playwright.config.js';
import { startDemoTarget } from '../../src/target/server.js';

export interface DemoAndChromium {
  target: Awaited<ReturnType<typeof startDemoTarget>>;
  browser: Browser;
}

/** Started before the file's tests, closed after them; read its fields inside a test. */
export function demoAndChromium(): DemoAndChromium {
  const shared = {} as DemoAndChromium;
  beforeAll(async () => {
    shared.target = await startDemoTarget({ port: 0 });
    shared.browser = await chromium.launch({ executablePath: chromiumPath() ?? undefined, args: [...CHROMIUM_ARGS] });
  });
  afterAll(async () => {
    await shared.browser?.close();
    await shared.target?.close();
  });
  return shared;
}

/** The page's console errors and uncaught errors, and every request it made anywhere but `url`. */
export function watchPage(page: Page, url: string): { problems: string[]; elsewhere: string[] } {
  const problems: string[] = [];
  const elsewhere: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('request', (r) => !r.url().startsWith(url) && elsewhere.push(r.url()));
  return { problems, elsewhere };
}
