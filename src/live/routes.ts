/**
 * The routes of one run's live view: `/metrics`, the downloads and the two controls (Stop, a
 * change of users or rate). The run is looked up at each request, so the `ui` server can host one
 * run after another on the same routes; with no run going on they answer 409 in one line.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Summary } from '../schema/summary.js';
import { renderDownload } from './downloads.js';
import { METRICS_CONTENT_TYPE, prometheusText } from './prometheus.js';
import type { LiveSource } from './source.js';

/** A summary older than this is made again for a download or a scrape. */
export const FRESH_MS = 1000;

/** The run a request is about, with its summary at most `maxAgeMs` old. */
export interface Watched {
  source: LiveSource;
  latest: (maxAgeMs: number) => Promise<Summary>;
}

export function watched(source: LiveSource): Watched {
  return { source, latest: freshSummary(source) };
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

const NO_RUN = { error: 'no run is going on' };

/**
 * `afterRun`: what a download answers with no run going on (the `ui` server: the files of the
 * run that ended last); without it, 409.
 */
export function addRunRoutes(app: FastifyInstance, current: () => Watched | null, afterRun?: (file: string, reply: FastifyReply) => Promise<FastifyReply> | null): void {
  app.get('/metrics', async (_request, reply) => {
    const run = current();
    if (!run) return reply.code(409).send(NO_RUN);
    return reply.type(METRICS_CONTENT_TYPE).send(await prometheusText(await run.latest(FRESH_MS), run.source.status()));
  });
  app.get<{ Params: { file: string } }>('/download/:file', async (request, reply) => {
    const run = current();
    if (!run) return afterRun?.(request.params.file, reply) ?? reply.code(409).send(NO_RUN);
    const found = renderDownload(request.params.file, await run.latest(FRESH_MS));
    if (!found) return reply.code(404).send({ error: `no download named ${request.params.file}` });
    return reply.type(found.download.contentType).header('content-disposition', `attachment; filename="${found.download.file}"`).send(found.content);
  });
  app.post('/stop', (_request, reply) => {
    const run = current();
    if (!run) return reply.code(409).send(NO_RUN);
    run.source.stop();
    return reply.send({ stopping: true });
  });
  app.post<{ Body: { target?: unknown; kind?: unknown } }>('/users', (request, reply) => {
    const run = current();
    if (!run) return reply.code(409).send(NO_RUN);
    const target = Number(request.body?.target);
    const kind = request.body?.kind === 'browser' ? 'browser' : 'protocol';
    const problem = Number.isFinite(target) ? run.source.resize(target, kind) : 'the change wants a number';
    return problem === null ? reply.send({ target, kind }) : reply.code(400).send({ error: problem });
  });
}
