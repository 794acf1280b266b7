/**
 * The public routes: the home page, the dashboard (which also issues the API session
 * cookie), static assets, the favicon, and /health (the cheapest route, for benchmarks).
 */
import type { FastifyInstance } from 'fastify';
import { buildAssets, type Asset } from './assets.js';
import { issueSession } from './auth.js';
import { dashboardPage, homePage } from './html.js';
import type { Ledger } from './ledger.js';
import { dashboardFigures } from './reports.js';

/** Last-Modified of every static asset: the assets are generated, so any fixed date is true. */
export const ASSETS_LAST_MODIFIED = new Date(Date.UTC(2026, 0, 1)).toUTCString();
const HTML = 'text/html; charset=utf-8';

export interface PageDeps {
  ledger: Ledger;
  seed: number;
  username: string;
  /** false: no Last-Modified header (--no-validators). */
  validators: boolean;
  /** false: static assets without Cache-Control (--no-max-age). */
  maxAge: boolean;
  /** Static assets expire this many seconds ahead, without Cache-Control (--expires); null: as usual. */
  expiresS: number | null;
}

/** The home page and assets per seed, generated once per process. */
const generated = new Map<number, { home: string; assets: Map<string, Asset> }>();
function pagesFor(seed: number): { home: string; assets: Map<string, Asset> } {
  let pages = generated.get(seed);
  if (!pages) {
    pages = { home: homePage(seed), assets: buildAssets(seed) };
    generated.set(seed, pages);
  }
  return pages;
}

export function pageRoutes(app: FastifyInstance, deps: PageDeps): void {
  const { home, assets } = pagesFor(deps.seed);

  app.get('/health', async (_request, reply) => reply.type('text/plain').send('ok'));

  app.get('/', async (_request, reply) => reply.type(HTML).header('cache-control', 'no-cache').send(home));

  app.get('/dashboard/', async (_request, reply) => {
    const html = dashboardPage(dashboardFigures(deps.ledger.all()));
    issueSession(app, reply, deps.username);
    return reply.type(HTML).header('cache-control', 'no-store').send(html);
  });

  for (const asset of assets.values()) {
    app.get(asset.path, async (_request, reply) => {
      reply.type(asset.contentType);
      if (deps.expiresS !== null) reply.header('expires', new Date(Date.now() + deps.expiresS * 1000).toUTCString());
      else if (deps.maxAge) reply.header('cache-control', asset.cacheControl);
      if (deps.validators) reply.header('last-modified', ASSETS_LAST_MODIFIED);
      return reply.send(asset.body);
    });
  }

  app.get('/favicon.ico', async (_request, reply) => reply.code(204).header('cache-control', 'public, max-age=86400').send());
}
