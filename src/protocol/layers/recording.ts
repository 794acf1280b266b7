/**
 * Timing and recording, the outermost layer. The clock starts when the flow asks; the send is
 * when undici puts the request on the connection, so a request queued behind this user's own
 * in-flight one is timed from the send, while the open model's corrected latency counts the
 * queue too. When the exchange ends an encoded body is decoded in zlib's thread pool (the clock
 * already stopped), then the response is sized, judged against the flow's expectations and
 * recorded as one Sample. A body that does not decode keeps its status, headers and wire bytes and
 * fails under its own name; a transport error is a failure, unless the user is closing: requests
 * cut off by our own shutdown are not the server's failures, they are
 * counted apart as cut at stop.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';
import type { HttpResponse } from '../../flow-api/api.js';
import { newSample, type Recorder, type ResponseObservation, type Sample, type StatHandle } from '../../metrics/types.js';
import { Response, decodeBody, encodingOf, failedResponse, needsDecoding } from '../body.js';
import type { ConnectionTiming } from '../connection-timing.js';
import { decodeFaultName, faultName } from '../fault-names.js';
import { judge } from '../judge.js';
import { ForwardingHandler, firstHeader, type Layer, type LayerRequest } from './layer.js';
import { redirectStep } from './redirects.js';

/** What the layer reads of its user when a request ends. */
export interface RecordedUser {
  /** Open model: how late the current iteration started (µs), added to each request's latency. */
  readonly latenessUs: number;
  readonly closing: boolean;
  /** The phases of the connection opened for the request that starts now, once; null on a kept-alive one. */
  takeConnection(): ConnectionTiming | null;
}

export class Recording {
  readonly layer: Layer = (dispatch) => (req, handler) => {
    const timing = new TimingHandler(this, req, this.handleFor(req.method, req.flow.name ?? req.path), handler);
    return dispatch(req, timing);
  };
  private readonly handles = new Map<string, Map<string, StatHandle>>();
  /** The last (method, name) resolved: a user mostly repeats its last request's name. */
  private lastMethod = '';
  private lastName = '';
  private lastHandle: StatHandle | null = null;
  /** One record of each kind per user, refilled for every request: recording allocates nothing. */
  private sample: Sample | null = null;
  private observation: ResponseObservation | null = null;

  constructor(
    private readonly recorder: Recorder,
    private readonly openModel: boolean,
    private readonly user: RecordedUser,
  ) {}

  /**
   * A finished exchange, its body decoded (or null: sent as is; or the decode error): sized,
   * judged, recorded. Throws when a check throws.
   */
  finish(req: LayerRequest, handle: StatHandle, times: Readonly<ExchangeTimes>, body: Buffer | null | DecodeFailure): HttpResponse {
    const raw = req.response;
    const elapsedUs = Math.round((times.endedAt - times.sentAt) * 1000);
    const queuedUs = Math.round((times.sentAt - times.startedAt) * 1000);
    const failure = body instanceof DecodeFailure ? body : null;
    const res = new Response(raw, failure ? Buffer.alloc(0) : (body as Buffer | null));
    judgeAnswer(res, req, failure?.message ?? null);
    const decoded = res.decodedBytes;
    const s = this.sampleFor(handle);
    s.latencyUs = this.openModel ? elapsedUs + queuedUs + this.user.latenessUs : elapsedUs;
    s.uncorrectedUs = this.openModel ? elapsedUs : -1;
    s.status = raw.status;
    s.wireBytes = raw.wireBytes;
    s.decodedBytes = decoded;
    s.error = res.ok ? null : (res.error ?? 'failed');
    s.connectUs = times.connection === null ? -1 : Math.round(times.connection.connectMs * 1000);
    s.tlsUs = times.connection?.tlsMs == null ? -1 : Math.round(times.connection.tlsMs * 1000);
    this.recorder.record(s);
    const o = (this.observation ??= { handle, headers: {}, status: 0, wireBytes: 0, decodedBytes: 0, latencyUs: -1 });
    o.handle = handle;
    fillHeaderView(o.headers, raw.headers, req.conditional);
    o.status = raw.status;
    o.wireBytes = raw.wireBytes;
    o.decodedBytes = decoded;
    o.latencyUs = elapsedUs;
    this.recorder.observeResponse(o);
    return res;
  }

  /** No (readable) response: a failure timed from the flow's call, with no status and no bytes. */
  fail(handle: StatHandle, startedAt: number, error: unknown): HttpResponse {
    const elapsedUs = Math.round((performance.now() - startedAt) * 1000);
    const message = faultName(error);
    if (!this.user.closing) {
      const s = this.sampleFor(handle);
      s.latencyUs = elapsedUs + this.user.latenessUs;
      s.uncorrectedUs = this.openModel ? elapsedUs : -1;
      s.status = 0;
      s.wireBytes = 0;
      s.decodedBytes = 0;
      s.error = message;
      s.connectUs = -1;
      s.tlsUs = -1;
      this.recorder.record(s);
    } else this.recorder.recordCut(handle);
    return failedResponse(message);
  }

  takeConnection(): ConnectionTiming | null {
    return this.user.takeConnection();
  }

  private sampleFor(handle: StatHandle): Sample {
    const s = (this.sample ??= newSample(handle));
    s.handle = handle;
    return s;
  }

  /** Resolved once per (method, name): no per-request lookup in the recorder. */
  private handleFor(method: string, name: string): StatHandle {
    if (this.lastHandle !== null && name === this.lastName && method === this.lastMethod) return this.lastHandle;
    const handle = this.lookUp(method, name);
    this.lastMethod = method;
    this.lastName = name;
    this.lastHandle = handle;
    return handle;
  }

  private lookUp(method: string, name: string): StatHandle {
    let byName = this.handles.get(method);
    if (byName === undefined) {
      byName = new Map();
      this.handles.set(method, byName);
    }
    let handle = byName.get(name);
    if (handle === undefined) {
      handle = this.recorder.handle(method, method, name);
      byName.set(name, handle);
    }
    return handle;
  }
}

/** When the exchange ran, from the flow's call (ms, performance.now()). */
export interface ExchangeTimes {
  startedAt: number;
  sentAt: number;
  endedAt: number;
  /** The connection this request opened, or null when it went on a kept-alive one. */
  connection: ConnectionTiming | null;
}

/** A body that did not decode, named ("body does not decode as gzip (Z_DATA_ERROR)"). */
class DecodeFailure {
  constructor(readonly message: string) {}
}

/**
 * A redirect that is followed is a healthy hop; one that cannot be, a failure; a body that does
 * not decode fails before any check could read it; else the flow judges.
 */
function judgeAnswer(res: Response, req: LayerRequest, decodeError: string | null): void {
  const step = redirectStep(req);
  const error = step.kind === 'fail' ? step.error : step.kind === 'none' ? decodeError : null;
  if (error !== null) {
    res.ok = false;
    res.error = error;
  } else if (step.kind === 'none') judge(res, req.flow);
}

/** The handler is its own ExchangeTimes: no record per request to carry them. */
class TimingHandler extends ForwardingHandler implements ExchangeTimes {
  readonly startedAt = performance.now();
  sentAt = this.startedAt;
  endedAt = 0;
  connection: ConnectionTiming | null = null;

  constructor(
    private readonly recording: Recording,
    private readonly req: LayerRequest,
    private readonly handle: StatHandle,
    next: Dispatcher.DispatchHandler,
  ) {
    super(next);
  }

  // undici picks its newer handler API by the presence of onRequestStart; it runs when the
  // request leaves the user's queue for the connection, which is when its clock starts.
  override onRequestStart(controller: Dispatcher.DispatchController, context: unknown): void {
    this.sentAt = performance.now();
    // undici connects before it starts the request the connection was opened for.
    this.connection = this.recording.takeConnection();
    super.onRequestStart(controller, context);
  }

  override onResponseEnd(controller: Dispatcher.DispatchController, trailers: IncomingHttpHeaders): void {
    this.endedAt = performance.now();
    const raw = this.req.response;
    const encoding = encodingOf(raw);
    if (!needsDecoding(raw, encoding)) return this.settle(controller, trailers, null);
    void decodeBody(raw, encoding).then(
      (body) => this.settle(controller, trailers, body),
      (error: unknown) => this.settle(controller, trailers, new DecodeFailure(decodeFaultName(encoding, error))),
    );
  }

  private settle(controller: Dispatcher.DispatchController, trailers: IncomingHttpHeaders, body: Buffer | null | DecodeFailure): void {
    try {
      this.req.result = this.recording.finish(this.req, this.handle, this, body);
    } catch (error) {
      this.req.result = this.recording.fail(this.handle, this.startedAt, error);
    }
    super.onResponseEnd(controller, trailers);
  }

  override onResponseError(controller: Dispatcher.DispatchController, error: Error): void {
    this.req.result = this.recording.fail(this.handle, this.startedAt, error);
    super.onResponseError(controller, error);
  }
}

/** The headers the audit reads, refilled in place (the recorder copies what it keeps). */
function fillHeaderView(view: ResponseObservation['headers'], h: IncomingHttpHeaders, conditionalRequest: boolean): void {
  view.conditionalRequest = conditionalRequest;
  view.contentType = firstHeader(h['content-type']);
  view.contentEncoding = firstHeader(h['content-encoding']);
  view.cacheControl = firstHeader(h['cache-control']);
  view.expires = firstHeader(h.expires);
  view.etag = firstHeader(h.etag);
  view.lastModified = firstHeader(h['last-modified']);
  view.vary = firstHeader(h.vary);
  view.age = firstHeader(h.age);
  view.xCache = firstHeader(h['x-cache']);
}
