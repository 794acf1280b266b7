/**
 * Who may call /api/*: an API key (X-API-Key), a JWT access token from POST /api/token/
 * (Authorization: Bearer), or, for the dashboard's own fetch() calls, the session cookie
 * that GET /dashboard/ sets: an HttpOnly, SameSite=Strict JWT scoped to /api/ that only
 * authorises safe methods (GET, HEAD), so no credential ever appears in a page.
 * Tokens are signed with a random secret per start; @fastify/jwt does the JWT work.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyJwt from '@fastify/jwt';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export const API_KEY_HEADER = 'x-api-key';
export const SESSION_COOKIE = 'demo_session';
export const ACCESS_LIFETIME = '60m';
export const REFRESH_LIFETIME = '1d';
export const SESSION_LIFETIME_S = 3600;

export interface Credentials {
  username: string;
  password: string;
  apiKey: string;
}

type TokenKind = 'access' | 'refresh' | 'session';

interface Claims {
  sub: string;
  typ: TokenKind;
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Registers the cookie and JWT plugins on the root instance (their decorators are global). */
export async function registerAuthPlugins(app: FastifyInstance): Promise<void> {
  await app.register(fastifyCookie);
  await app.register(fastifyJwt, { secret: randomBytes(32).toString('hex') });
}

function verify(app: FastifyInstance, token: string, kind: TokenKind): Claims | null {
  try {
    const claims = app.jwt.verify<Claims>(token);
    return claims.typ === kind ? claims : null;
  } catch {
    return null;
  }
}

/** Sets the dashboard's session cookie, which the page's fetch() calls to /api/ carry. */
export function issueSession(app: FastifyInstance, reply: FastifyReply, username: string): void {
  // @fastify/jwt reads a number as seconds (not fast-jwt's milliseconds): the unit is spelled out.
  const token = app.jwt.sign({ sub: username, typ: 'session' } satisfies Claims, { expiresIn: `${SESSION_LIFETIME_S}s` });
  reply.setCookie(SESSION_COOKIE, token, { path: '/api/', httpOnly: true, sameSite: 'strict', maxAge: SESSION_LIFETIME_S });
}

/** True when the request carries any valid credential for /api/*. */
export function isAuthorised(app: FastifyInstance, creds: Credentials, request: FastifyRequest): boolean {
  const key = request.headers[API_KEY_HEADER];
  if (typeof key === 'string' && sameText(key, creds.apiKey)) return true;
  const authorization = request.headers.authorization;
  if (authorization && /^bearer /i.test(authorization) && verify(app, authorization.slice(7).trim(), 'access')) return true;
  const session = request.cookies?.[SESSION_COOKIE];
  const safe = request.method === 'GET' || request.method === 'HEAD';
  return safe && typeof session === 'string' && verify(app, session, 'session') !== null;
}

function tokenPair(app: FastifyInstance, username: string): { access: string; refresh: string } {
  return {
    access: app.jwt.sign({ sub: username, typ: 'access' } satisfies Claims, { expiresIn: ACCESS_LIFETIME }),
    refresh: app.jwt.sign({ sub: username, typ: 'refresh' } satisfies Claims, { expiresIn: REFRESH_LIFETIME }),
  };
}

/** POST /token/ and POST /token/refresh/, registered inside the /api prefix; both public. */
export function tokenRoutes(app: FastifyInstance, creds: Credentials): void {
  app.post('/token/', { config: { public: true } }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (typeof body.username !== 'string' || typeof body.password !== 'string') {
      return reply.code(400).send({ detail: 'username and password are required.' });
    }
    if (!sameText(body.username, creds.username) || !sameText(body.password, creds.password)) {
      return reply.code(401).send({ detail: 'No active account found with the given credentials.' });
    }
    return tokenPair(app, body.username);
  });

  app.post('/token/refresh/', { config: { public: true } }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const claims = typeof body.refresh === 'string' ? verify(app, body.refresh, 'refresh') : null;
    if (!claims) return reply.code(401).send({ detail: 'Token is invalid or expired.' });
    return { access: tokenPair(app, claims.sub).access };
  });
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Reachable under /api/ without credentials (the token routes). */
    public?: boolean;
  }
}
