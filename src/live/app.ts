/**
 * The fastify app both live servers stand on (`run --web`'s and `ui`'s): basic auth on every
 * route when credentials are given (needed beyond loopback), the one-line error answers, and the
 * listen whose failure (a port in use) is a one-line usage error.
 */
import { timingSafeEqual } from 'node:crypto';
import basicAuth from '@fastify/basic-auth';
import Fastify, { type FastifyInstance } from 'fastify';
import { UsageError } from '../errors.js';

export interface LiveServerOptions {
  host: string;
  port: number;
  /** `user:password`; every route asks for it when given. */
  auth: { username: string; password: string } | null;
}

const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export async function createLiveApp(options: LiveServerOptions, realm: string): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, forceCloseConnections: true });
  if (options.auth) await requireAuth(app, options.auth, realm);
  // A refused login keeps its 401 (and a bad body its 400); before the run has started there are
  // no figures yet: 503, which a scraper takes as "try again".
  app.setErrorHandler((error: Error & { statusCode?: number }, _request, reply) => reply.code(error.statusCode ?? 503).send({ error: error.message }));
  return app;
}

async function requireAuth(app: FastifyInstance, auth: { username: string; password: string }, realm: string): Promise<void> {
  await app.register(basicAuth, {
    authenticate: { realm },
    validate: async (username: string, password: string) => {
      // Both compared in full, whichever fails, so the timing tells nothing of either.
      const ok = [same(username, auth.username), same(password, auth.password)];
      if (!ok.every(Boolean)) throw new Error('unauthorised');
    },
  });
  app.addHook('onRequest', app.basicAuth);
}

/** Listens and gives the page's URL; a port in use is one line naming the flag (exit 2). */
export async function listenOn(app: FastifyInstance, options: LiveServerOptions, flag: string): Promise<string> {
  try {
    await app.listen({ host: options.host, port: options.port });
  } catch (error) {
    throw new UsageError(`${flag}: cannot listen on ${options.host}:${options.port}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return `http://${host}:${port}/`;
}
