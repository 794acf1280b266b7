/**
 * The embedded demo ERP target: erp-api.md over loopback, with switches that reproduce the
 * deployment mistakes browse-load must catch. The CLI (command.ts), the tests and the
 * benchmarks all start it through startDemoTarget().
 */
import Fastify, { type FastifyError, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { UsageError } from '../errors.js';
import { apiRoutes } from './api.js';
import { registerAuthPlugins } from './auth.js';
import { registerFaults, type Clock } from './faults.js';
import type { Entry } from './entry.js';
import { Ledger } from './ledger.js';
import { resolveOptions, validateOptions, type DemoTargetOptions } from './options.js';
import { pageRoutes } from './pages.js';
import { registerRedirects } from './redirects.js';
import { Search } from './search.js';
import { seedEntries } from './seed.js';
import { transportOptions } from './tls.js';
import { registerWire } from './wire.js';

export type { DemoTargetOptions } from './options.js';

export interface DemoTarget {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:8000 (https:// with --tls). */
  url: string;
  port: number;
  /** Epoch ms the server started listening; --stall windows are counted from it. */
  startedAt: number;
  close(): Promise<void>;
}

/**
 * Seed data per seed, generated once per process: several targets in one process (the
 * tests) share it. Safe because the Ledger never mutates an entry; writes replace them.
 */
const seeds = new Map<number, Entry[]>();
function seedFor(seed: number): Entry[] {
  let entries = seeds.get(seed);
  if (!entries) {
    entries = seedEntries(seed);
    seeds.set(seed, entries);
  }
  return entries;
}

function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

function listenError(error: NodeJS.ErrnoException, host: string, port: number): Error {
  switch (error.code) {
    case 'EADDRINUSE':
      return new UsageError(`port ${port} on ${host} is already in use; pick another with --port, or --port 0 for a free one`);
    case 'EACCES':
      return new UsageError(`no permission to listen on port ${port}; use a port above 1023, or --port 0`);
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return new UsageError(`cannot listen on host ${host}: it is not an address of this machine`);
    default:
      return error;
  }
}

/**
 * An empty body labelled `application/json` reads as `{}`, as Django REST framework reads it:
 * clients that send JSON headers on every request (a requests/Locust session) DELETE with
 * `Content-Length: 0`, which fastify's own parser refuses with 400 "Body cannot be empty".
 * Anything else goes to fastify's parser, with its prototype-poisoning guards.
 */
function acceptEmptyJson(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body.length === 0) done(null, {});
    else parseJson(request, String(body), done);
  });
}

export async function startDemoTarget(options: DemoTargetOptions = {}): Promise<DemoTarget> {
  const o = resolveOptions(options);
  const problems = validateOptions(o);
  if (problems.length > 0) throw new UsageError(problems.join('; '));

  const ledger = new Ledger(seedFor(o.seed));
  const clock: Clock = { startedAt: Date.now() };
  // The routes are written against fastify's HTTP/1 types; over HTTP/2 (with allowHTTP1) fastify
  // hands them the compatibility request and response, which have the same shape.
  const app = Fastify({
    logger: false,
    routerOptions: { ignoreTrailingSlash: true },
    ...(await transportOptions(o)),
  } as FastifyServerOptions) as unknown as FastifyInstance;

  app.setErrorHandler((error: FastifyError, _request, reply) => {
    const status = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    // 4xx from fastify itself: malformed JSON, unsupported media type, body too large.
    return reply.code(status).send({ detail: status === 500 ? 'Internal server error.' : error.message });
  });
  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ detail: 'Not found.' }));
  acceptEmptyJson(app);

  // Order matters: faults and wire hooks before any route (see wire.ts).
  registerFaults(app, o, clock);
  registerRedirects(app, o);
  await registerWire(app, o);
  await registerAuthPlugins(app);
  pageRoutes(app, { ledger, seed: o.seed, username: o.username, validators: o.validators, maxAge: o.maxAge, expiresS: o.expiresS });
  const creds = { username: o.username, password: o.password, apiKey: o.apiKey };
  // --no-api: a static site; every /api path falls to the 404 handler.
  if (o.api) await app.register(apiRoutes, { prefix: '/api', creds, ledger, search: new Search(ledger) });

  try {
    await app.listen({ port: o.port, host: o.host });
  } catch (error) {
    await app.close();
    throw listenError(error as NodeJS.ErrnoException, o.host, o.port);
  }
  clock.startedAt = Date.now();
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : o.port;
  return {
    url: `${o.tls ? 'https' : 'http'}://${urlHost(o.host)}:${port}`,
    port,
    startedAt: clock.startedAt,
    close: () => app.close(),
  };
}
