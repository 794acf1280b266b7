/**
 * The `ui` command's server: the start form, the runs of this session with their reports and
 * downloads, and the live view of the run going on, one run after another on the same routes and
 * event streams (each run has its number, so a page starts its charts again). It starts no run
 * itself: the form goes to a UiHost (the `ui` command), which builds the run as `run` does and
 * attaches it here. With credentials every route answers 401 without them.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyReply } from 'fastify';
import { html } from '../report/html/template.js';
import type { Summary } from '../schema/summary.js';
import { createLiveApp, type LiveServerOptions, listenOn } from './app.js';
import { DOWNLOADS, renderDownload } from './downloads.js';
import { addRunRoutes, type Watched, watched } from './routes.js';
import type { LiveSource, LiveView } from './source.js';
import { EventStreams } from './streams.js';
import { START_FIELDS, type StartFields, uiPage } from './ui-page.js';

/** A run of this session, as its list shows it. */
export interface UiRun {
  id: string;
  host: string;
  runDir: string;
  /** How it ended, one line ("completed", "stopped from the page", "could not start: …"); null while it goes on. */
  outcome: string | null;
  /** Its summary.json and report.html are written. */
  written: boolean;
}

export interface UiHost {
  /** A run is going on (or starting): a new one must wait for its end. */
  readonly busy: boolean;
  /** Starts a run with the form's fields: a problem with them as one line, or null once it is on its way. */
  start(fields: StartFields): Promise<string | null>;
}

export interface UiServer {
  readonly url: string;
  /** A run the host started: its figures go to every page until its view is closed. */
  attach(source: LiveSource): LiveView;
  /** The list of runs changed (one began, ended or was written). */
  showRuns(runs: readonly UiRun[]): void;
  close(): Promise<void>;
}

export async function startUiServer(host: UiHost, defaults: StartFields, options: LiveServerOptions): Promise<UiServer> {
  const app = await createLiveApp(options, 'browse-load ui');
  const streams = new EventStreams();
  const page = uiPage(defaults, true);
  let current: Watched | null = null;
  let runNumber = 0;
  let runs: readonly UiRun[] = [];
  const listParts = () => ({ 'ui-runs': runsList(runs) });

  app.get('/', (_request, reply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page));
  app.get('/events', (request, reply) => {
    reply.hijack();
    const stream = streams.add(reply.raw, (listener) => request.raw.on('close', listener));
    streams.sendParts(runNumber, listParts(), stream);
    const run = current;
    if (run) void run.latest(0).then((summary) => streams.send({ run: runNumber, summary, status: run.source.status() }, {}, stream), () => {});
  });
  app.post<{ Body: Partial<Record<keyof StartFields, unknown>> }>('/start', async (request, reply) => {
    if (current || host.busy) return reply.code(409).send({ error: 'a run is going on: Stop it first' });
    // A refused form is the form's answer, not a failed request (which the page would log as an error).
    const problem = await host.start(fieldsOf(request.body ?? {}));
    return reply.send(problem === null ? { started: true } : { started: false, error: problem });
  });
  app.get<{ Params: { id: string; file: string } }>('/runs/:id/:file', async (request, reply) => {
    const run = runs.find((r) => r.id === request.params.id && r.written);
    if (!run) return reply.code(404).send({ error: `no written run named ${request.params.id} in this session` });
    return sendRunFile(reply, run, request.params.file);
  });
  // The downloads under the controls keep serving the run that ended last, from its run folder.
  const lastWritten = () => [...runs].reverse().find((r) => r.written);
  addRunRoutes(app, () => current, (file, reply) => {
    const run = lastWritten();
    return run ? sendRunFile(reply, run, file) : null;
  });

  const url = await listenOn(app, options, '--port');
  return {
    url,
    attach: (source) => {
      const run = watched(source);
      current = run;
      runNumber++;
      return viewOf(run, runNumber, streams, () => {
        if (current === run) current = null;
      });
    },
    showRuns: (list) => {
      runs = [...list];
      streams.sendParts(runNumber, listParts());
    },
    close: async () => {
      streams.endAll();
      await app.close();
    },
  };
}

/** The run's side: a frame a tick, and at its end a last one that says so. */
function viewOf(run: Watched, number: number, streams: EventStreams, detach: () => void): LiveView {
  let building = false;
  const frame = (ended: boolean) =>
    run.latest(0).then((summary) => {
      const status = run.source.status();
      streams.send({ run: number, summary, status: ended ? { ...status, ended } : status });
    });
  return {
    tick: () => {
      if (streams.size === 0 || building) return;
      building = true;
      void frame(false)
        .catch(() => {})
        .finally(() => (building = false));
    },
    close: async () => {
      if (streams.size > 0) await frame(true).catch(() => {});
      detach();
    },
  };
}

function fieldsOf(body: Partial<Record<keyof StartFields, unknown>>): StartFields {
  const fields = {} as StartFields;
  for (const { key } of START_FIELDS) fields[key] = typeof body[key] === 'string' || typeof body[key] === 'number' ? String(body[key]).trim() : '';
  return fields;
}

/** summary.json and report.html as the run wrote them; the CSVs rendered from its summary.json. */
async function sendRunFile(reply: FastifyReply, run: UiRun, file: string) {
  const download = DOWNLOADS.find((d) => d.file === file);
  if (!download) return reply.code(404).send({ error: `no file named ${file}` });
  const written = await readFile(join(run.runDir, file), 'utf8').catch(() => null);
  if (written !== null) return reply.type(download.contentType).send(written);
  const summary = JSON.parse(await readFile(join(run.runDir, 'summary.json'), 'utf8')) as Summary;
  const found = renderDownload(file, summary);
  return found ? reply.type(download.contentType).header('content-disposition', `attachment; filename="${file}"`).send(found.content) : reply.code(404).send({ error: `no file named ${file}` });
}

function runsList(runs: readonly UiRun[]): string {
  if (runs.length === 0) return html`<p class="muted">None yet.</p>`.value;
  const links = (r: UiRun) =>
    r.written ? html` · <a href="runs/${r.id}/report.html" class="report">report</a> · ${DOWNLOADS.filter((d) => d.file !== 'report.html').map((d, i) => html`${i ? ' · ' : ''}<a href="runs/${r.id}/${d.file}" download>${d.file}</a>`)}` : '';
  const items = [...runs].reverse().map((r) => html`<li data-run="${r.id}"><strong>${r.id}</strong> · ${r.host} · <span class="outcome">${r.outcome ?? 'running'}</span>${links(r)}<div class="muted">${r.runDir}</div></li>`);
  return html`<ul class="runs">${items}</ul>`.value;
}
