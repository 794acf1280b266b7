/**
 * The pages' event streams. Each stream remembers how much of the run's series it has had, so a
 * frame carries only the seconds that page lacks: all of them when it connects (in frames of at
 * most MAX_POINTS_PER_FRAME), then one a second. A frame's size therefore stays the same however
 * long the run goes on. A `ui` session hosts one run after another on the same streams: a new run
 * number starts every page's series again.
 */
import type { ServerResponse } from 'node:http';
import type { Summary } from '../schema/summary.js';
import { type LiveFrame, type LiveStatus, liveParts, livePoints } from './frame.js';

interface Stream {
  res: ServerResponse;
  /** The run whose series this page has, and how many of its seconds. */
  run: number;
  sent: number;
}

/** What a tick hands to the pages: the summary so far and where the run is. */
export interface Moment {
  run: number;
  summary: Summary;
  status: LiveStatus;
}

export class EventStreams {
  private readonly open = new Set<Stream>();

  get size(): number {
    return this.open.size;
  }

  /** Takes over an answer as an event stream; it leaves the set when the page goes. */
  add(res: ServerResponse, onClose: (listener: () => void) => void): Stream {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    const stream: Stream = { res, run: -1, sent: 0 };
    this.open.add(stream);
    onClose(() => this.open.delete(stream));
    return stream;
  }

  /** The moment to every stream (or only `to`), each getting the seconds it lacks; `extra` adds regions. */
  send(moment: Moment, extra: Record<string, string> = {}, to?: Stream): void {
    const parts = { ...liveParts(moment.summary, moment.status), ...extra };
    for (const stream of to ? [to] : this.open) catchUp(stream, moment, parts);
  }

  /** Regions only (no run, or between runs): the `ui` page's list of runs, its state. */
  sendParts(run: number, parts: Record<string, string>, to?: Stream): void {
    const frame: LiveFrame = { run, status: null, parts, points: null };
    for (const stream of to ? [to] : this.open) write(stream, frame);
  }

  endAll(): void {
    for (const stream of this.open) stream.res.end();
    this.open.clear();
  }
}

function catchUp(stream: Stream, moment: Moment, parts: Record<string, string>): void {
  const total = moment.summary.timeSeries.points.length;
  // Another run, or a series that began again (a warm-up cut over): the page starts from 0.
  if (stream.run !== moment.run || stream.sent > total) {
    stream.run = moment.run;
    stream.sent = 0;
  }
  for (;;) {
    const points = livePoints(moment.summary, stream.sent);
    stream.sent += points.t.length;
    const last = stream.sent >= total;
    write(stream, { run: moment.run, status: moment.status, parts: last ? parts : {}, points });
    if (last) return;
  }
}

function write(stream: Stream, frame: LiveFrame): void {
  stream.res.write(`data: ${JSON.stringify(frame)}\n\n`);
}
