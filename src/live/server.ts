/**
 * The live view's own fastify server: the page, its event stream (one frame a second), the
 * downloads, `/metrics`, and the two controls (Stop, a change of users or rate). It knows the run
 * only through a LiveSource, so the `ui` command can later host runs it starts itself on the same
 * server. With credentials (needed beyond loopback) every route answers 401 without them.
 */
import { timingSafeEqual } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import basicAuth from '@fastify/basic-auth';
import Fastify, { type FastifyInstance } from 'fastify';
import { UsageError } from '../errors.js';
import type { Summary } from '../schema/summary.js';
import { renderDownload } from './downloads.js';
import { type LiveStatus, liveFrame } from './frame.js';
import { livePage } from './page.js';
import { METRICS_CONTENT_TYPE, prometheusText } from './prometheus.js';

/** What the server sees of a run: its figures so far, where it is, and the two controls. */
export interface LiveSource {
  /** The run's redacted summary as of now (the same a checkpoint writes). */
  summary(): Promise<Summary>;
  status(): LiveStatus;
  /** Ends the run as Ctrl-C does: the results are written. */
  stop(): void;
  /** The closed model's users, or the open model's arrival rate; a problem as one line, else null. */
  resize(target: number): string | null;
  /** What the page's title says (the run id and host). */
  readonly title: string;
}

export interface LiveServerOptions {
  host: string;
  port: number;
  /** `user:password`; every route asks for it when given. */
  auth: { username: string; password: string } | null;
}

export interface LiveServer {
  readonly url: string;
  /** The run's tick: a new frame to every open event stream (nothing is built when none is open). */
  tick(): void;
  close(): Promise<void>;
}

/** A summary older than this is made again for a download or a scrape. */
const FRESH_MS = 1000;

const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export async function startLiveServer(source: LiveSource, options: LiveServerOptions): Promise<LiveServer> {
  const app = Fastify({ logger: false, forceCloseConnections: true });
  if (options.auth) await requireAuth(app, options.auth);
  const streams = new Set<ServerResponse>();
  const latest = freshSummary(source);
  const page = livePage({ model: source.status().model, title: source.title });

  app.get('/', (_request, reply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page));
  app.get('/events', (request, reply) => {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    streams.add(res);
    request.raw.on('close', () => streams.delete(res));
    void latest(0).then((summary) => send(res, summary, source.status()), () => {});
  });
  // A refused login keeps its 401 (and a bad body its 400); before the run has started there are
  // no figures yet: 503, which a scraper takes as "try again".
  app.setErrorHandler((error: Error & { statusCode?: number }, _request, reply) => reply.code(error.statusCode ?? 503).send({ error: error.message }));
  app.get('/metrics', async (_request, reply) => reply.type(METRICS_CONTENT_TYPE).send(await prometheusText(await latest(FRESH_MS), source.status())));
  app.get<{ Params: { file: string } }>('/download/:file', async (request, reply) => {
    const found = renderDownload(request.params.file, await latest(FRESH_MS));
    if (!found) return reply.code(404).send({ error: `no download named ${request.params.file}` });
    return reply.type(found.download.contentType).header('content-disposition', `attachment; filename="${found.download.file}"`).send(found.content);
  });
  app.post('/stop', (_request, reply) => {
    source.stop();
    return reply.send({ stopping: true });
  });
  app.post<{ Body: { target?: unknown } }>('/users', (request, reply) => {
    const target = Number(request.body?.target);
    const problem = Number.isFinite(target) ? source.resize(target) : 'the change wants a number';
    return problem === null ? reply.send({ target }) : reply.code(400).send({ error: problem });
  });

  const url = await listen(app, options);
  let building = false;
  return {
    url,
    tick: () => {
      if (streams.size === 0 || building) return;
      building = true;
      void latest(0)
        .then((summary) => {
          const status = source.status();
          for (const res of streams) send(res, summary, status);
        })
        .catch(() => {})
        .finally(() => (building = false));
    },
    close: async () => {
      // The last frame says the run ended; a page that watched it keeps its final figures.
      if (streams.size > 0) {
        const last = await latest(0).catch(() => null);
        const status = { ...source.status(), ended: true };
        for (const res of streams) {
          if (last) send(res, last, status);
          res.end();
        }
      }
      await app.close();
    },
  };
}

function send(res: ServerResponse, summary: Summary, status: LiveStatus): void {
  res.write(`data: ${JSON.stringify(liveFrame(summary, status))}\n\n`);
}

/** The summary at most `maxAgeMs` old; one is made at a time, the callers in between share it. */
function freshSummary(source: LiveSource): (maxAgeMs: number) => Promise<Summary> {
  let made: { at: number; summary: Promise<Summary> } | null = null;
  return (maxAgeMs) => {
    const now = Date.now();
    if (made && now - made.at <= maxAgeMs) return made.summary;
    made = { at: now, summary: source.summary() };
    return made.summary;
  };
}

async function requireAuth(app: FastifyInstance, auth: { username: string; password: string }): Promise<void> {
  await app.register(basicAuth, {
    authenticate: { realm: 'browse-load live view' },
    validate: async (username: string, password: string) => {
      // Both compared in full, whichever fails, so the timing tells nothing of either.
      const ok = [same(username, auth.username), same(password, auth.password)];
      if (!ok.every(Boolean)) throw new Error('unauthorised');
    },
  });
  app.addHook('onRequest', app.basicAuth);
}

async function listen(app: FastifyInstance, options: LiveServerOptions): Promise<string> {
  try {
    await app.listen({ host: options.host, port: options.port });
  } catch (error) {
    throw new UsageError(`--web: cannot listen on ${options.host}:${options.port}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return `http://${host}:${port}/`;
}
