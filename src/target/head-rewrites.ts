/**
 * Header changes made as the head is written, after every fastify hook: @fastify/compress sets
 * Content-Encoding and Vary in its own onSend, which runs after the global hooks, so the
 * deployment mistakes that depend on the encoding (--etag-suffix-gzip, --no-vary) and the ETag the
 * validators plugin sent (--per-request-etag) are applied here, the way a front server or a
 * compression module applies them on the way out.
 */
import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { ResolvedOptions } from './options.js';

type Headers = Record<string, unknown>;

/** Appends a suffix inside an ETag's quotes: W/"abc" -> W/"abc-gzip". */
export function suffixEtag(etag: string, suffix: string): string {
  return /"$/.test(etag) ? `${etag.slice(0, -1)}${suffix}"` : `${etag}${suffix}`;
}

function rewrite(o: ResolvedOptions, headers: Headers, next: () => number): void {
  const etag = headers.etag;
  if (o.perRequestEtag && typeof etag === 'string') headers.etag = `W/"r${next()}"`;
  const gzip = String(headers['content-encoding'] ?? '').toLowerCase() === 'gzip';
  if (o.etagSuffixGzip && gzip && typeof headers.etag === 'string') headers.etag = suffixEtag(headers.etag, '-gzip');
  if (!o.vary) delete headers.vary;
}

/** Wraps each response's writeHead so the rewrite sees the final headers. */
export function registerHeadRewrites(app: FastifyInstance, o: ResolvedOptions): void {
  if (!o.perRequestEtag && !o.etagSuffixGzip && o.vary) return;
  let counter = 0;
  const next = () => (counter += 1);
  app.addHook('onRequest', async (_request, reply) => {
    const res: ServerResponse = reply.raw;
    const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
    res.writeHead = ((...args: unknown[]) => {
      // fastify passes its headers as an object; anything set on the response itself is read back.
      const given = args.find((a): a is Headers => typeof a === 'object' && a !== null && !Array.isArray(a));
      const headers: Headers = given ?? {};
      for (const name of ['etag', 'content-encoding', 'vary']) {
        if (headers[name] === undefined && res.hasHeader(name)) {
          headers[name] = res.getHeader(name);
          res.removeHeader(name);
        }
      }
      rewrite(o, headers, next);
      if (!given) for (const [name, value] of Object.entries(headers)) res.setHeader(name, value as string);
      return writeHead(...args);
    }) as typeof res.writeHead;
  });
}
