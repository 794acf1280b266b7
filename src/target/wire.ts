/**
 * What goes on the wire for every response: validators (@fastify/etag, and 304 on
 * If-Modified-Since for responses that carry Last-Modified), gzip (@fastify/compress), and
 * the misconfiguration switches that change them (--no-gzip, --no-gzip-for, --cache-control,
 * --no-validators; --etag-suffix-gzip, --per-request-etag and --no-vary in head-rewrites.ts).
 *
 * Register before any route: @fastify/compress attaches itself to routes as they are added,
 * and its onSend runs after the global hooks below, so ETags hash the uncompressed body.
 */
import fastifyCompress from '@fastify/compress';
import fastifyEtag from '@fastify/etag';
import type { FastifyInstance } from 'fastify';
import { registerHeadRewrites } from './head-rewrites.js';
import { pathLookup, pathOf, type ResolvedOptions } from './options.js';

/** Bodies under this many bytes are never compressed, like Django's GZipMiddleware. */
export const GZIP_THRESHOLD = 200;
/** Only gzip is offered, so `Accept-Encoding: gzip, deflate, br` always gets gzip. */
export const ENCODINGS = ['gzip'] as const;

export async function registerWire(app: FastifyInstance, o: ResolvedOptions): Promise<void> {
  registerHeadRewrites(app, o);
  if (o.validators) {
    // Weak ETags: the gzip and identity representations share one.
    await app.register(fastifyEtag, { weak: true });
    app.addHook('onSend', async (request, reply, payload) => {
      const lastModified = reply.getHeader('last-modified');
      const since = request.headers['if-modified-since'];
      if (reply.statusCode !== 200 || typeof lastModified !== 'string' || !since) return payload;
      if (request.headers['if-none-match'] !== undefined) return payload; // If-None-Match decides (RFC 9110 13.2.2)
      if (Date.parse(since) >= Date.parse(lastModified)) {
        reply.code(304);
        return '';
      }
      return payload;
    });
  }

  const cacheControlFor = pathLookup(o.cacheControl);
  if (Object.keys(o.cacheControl).length > 0) {
    app.addHook('onSend', async (request, reply, payload) => {
      const value = cacheControlFor(pathOf(request.url));
      if (value === '') reply.removeHeader('cache-control');
      else if (value !== undefined) reply.header('cache-control', value);
      return payload;
    });
  }

  if (!o.gzip) return;
  const skipGzip = pathLookup(Object.fromEntries(o.noGzipFor.map((path) => [path, true])));
  if (o.noGzipFor.length > 0) {
    app.addHook('onRequest', async (request) => {
      // The plugin's documented per-request opt-out.
      if (skipGzip(pathOf(request.url))) request.headers['x-no-compression'] = '1';
    });
  }
  // Like Django's GZipMiddleware: every body big enough to be compressed varies on
  // Accept-Encoding, whether or not this client accepted gzip, so shared caches keep both.
  app.addHook('onSend', async (request, reply, payload) => {
    const size = typeof payload === 'string' ? Buffer.byteLength(payload) : Buffer.isBuffer(payload) ? payload.length : 0;
    if (size >= GZIP_THRESHOLD && !skipGzip(pathOf(request.url))) {
      const vary = reply.getHeader('vary');
      if (vary === undefined) reply.header('vary', 'accept-encoding');
      else if (!/accept-encoding/i.test(String(vary))) reply.header('vary', `${String(vary)}, accept-encoding`);
    }
    return payload;
  });
  await app.register(fastifyCompress, { threshold: GZIP_THRESHOLD, encodings: [...ENCODINGS] });
}
