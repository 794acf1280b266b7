/**
 * `--redirect FROM=TO`: the path FROM answers `302 Found` with `Location: TO` (before auth, like a
 * front proxy's rewrite), so redirect chains, relative Locations and loops can be served on demand.
 */
import type { FastifyInstance } from 'fastify';
import { pathOf, type ResolvedOptions } from './options.js';

export function registerRedirects(app: FastifyInstance, o: ResolvedOptions): void {
  const redirects = new Map(Object.entries(o.redirects));
  if (redirects.size === 0) return;
  app.addHook('onRequest', async (request, reply) => {
    const location = redirects.get(pathOf(request.url));
    if (location !== undefined) return reply.code(302).header('location', location).send();
  });
}
