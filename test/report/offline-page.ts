/** Opens a report in Chromium as a reader would, offline: every request but the file itself refused and kept. */
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright';

export interface OfflinePage {
  page: Page;
  /** Console errors and warnings, and uncaught page errors. */
  consoleErrors: string[];
  /** Every URL the page tried to load besides itself (each refused). */
  requests: string[];
}

export async function openOffline(browser: Browser, file: string, viewport = { width: 1366, height: 900 }): Promise<OfflinePage> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  const self = pathToFileURL(file).href;
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url === self) return route.continue();
    requests.push(url);
    return route.abort();
  });
  await page.goto(self, { waitUntil: 'load' });
  return { page, consoleErrors, requests };
}
