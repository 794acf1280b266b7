/**
 * `run --web`'s live view: its own fastify server with the page, its event stream (one frame a
 * second), the downloads, `/metrics`, and the two controls (Stop, a change of users or rate). It
 * knows the run only through a LiveSource, as the `ui` server (ui-server.ts) does its runs. With
 * credentials (needed beyond loopback) every route answers 401 without them.
 */
import { createLiveApp, type LiveServerOptions, listenOn } from './app.js';
import { livePage } from './page.js';
import { addRunRoutes, watched } from './routes.js';
import type { LiveSource, LiveView } from './source.js';
import { EventStreams } from './streams.js';

export type { LiveServerOptions } from './app.js';
export type { LiveSource, LiveView } from './source.js';

export interface LiveServer extends LiveView {
  readonly url: string;
}

/** One run, so one run number on every frame. */
const RUN = 1;

export async function startLiveServer(source: LiveSource, options: LiveServerOptions): Promise<LiveServer> {
  const app = await createLiveApp(options, 'browse-load live view');
  const streams = new EventStreams();
  const run = watched(source);
  const initial = source.status();
  const page = livePage({ model: initial.model, title: source.title, browserUsers: initial.browserUsers > 0 || initial.browserTarget > 0 });

  app.get('/', (_request, reply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page));
  app.get('/events', (request, reply) => {
    reply.hijack();
    const stream = streams.add(reply.raw, (listener) => request.raw.on('close', listener));
    void run.latest(0).then((summary) => streams.send({ run: RUN, summary, status: source.status() }, {}, stream), () => {});
  });
  addRunRoutes(app, () => run);

  const url = await listenOn(app, options, '--web');
  let building = false;
  return {
    url,
    tick: () => {
      if (streams.size === 0 || building) return;
      building = true;
      void run
        .latest(0)
        .then((summary) => streams.send({ run: RUN, summary, status: source.status() }))
        .catch(() => {})
        .finally(() => (building = false));
    },
    close: async () => {
      // The last frame says the run ended; a page that watched it keeps its final figures.
      if (streams.size > 0) {
        const last = await run.latest(0).catch(() => null);
        if (last) streams.send({ run: RUN, summary: last, status: { ...source.status(), ended: true } });
        streams.endAll();
      }
      await app.close();
    },
  };
}
