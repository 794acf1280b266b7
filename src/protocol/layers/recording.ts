/**
 * Timing and recording, the outermost layer. The clock starts when the flow asks; the send is
 * when undici puts the request on the connection, so a request queued behind this user's own
 * in-flight one is timed from the send, while the open model's corrected latency counts the
 * queue too. When the exchange ends the body is sized (decoded when it must be), judged against
 * the flow's expectations and recorded as one Sample; a transport error is a failure, unless the
 * user is closing: requests cut off by our own shutdown are not the server's failures, they are
 * counted apart as cut at stop.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';
import type { HttpResponse } from '../../flow-api/api.js';
import { newSample, type Recorder, type ResponseObservation, type Sample, type StatHandle } from '../../metrics/types.js';
import { Response, decodedSize, encodingOf, failedResponse } from '../body.js';
import { faultName } from '../fault-names.js';
import { judge } from '../judge.js';
import { ForwardingHandler, firstHeader, type Layer, type LayerRequest } from './layer.js';
import { redirectStep } from './redirects.js';

/** What the layer reads of its user when a request ends. */
export interface RecordedUser {
  /** Open model: how late the current iteration started (µs), added to each request's latency. */
  readonly latenessUs: number;
  readonly closing: boolean;
}

export class Recording {
  readonly layer: Layer = (dispatch) => (req, handler) => {
    const timing = new TimingHandler(this, req, this.handleFor(req.method, req.flow.name ?? req.path), handler);
    return dispatch(req, timing);
  };
  private readonly handles = new Map<string, Map<string, StatHandle>>();
  /** One record of each kind per user, refilled for every request: recording allocates nothing. */
  private sample: Sample | null = null;
  private observation: ResponseObservation | null = null;

  constructor(
    private readonly recorder: Recorder,
    private readonly openModel: boolean,
    private readonly user: RecordedUser,
  ) {}

  /** A finished exchange: sized, judged, recorded; throws when the body does not decode or a check throws. */
  finish(req: LayerRequest, handle: StatHandle, startedAt: number, sentAt: number): HttpResponse {
    const endedAt = performance.now();
    const raw = req.response;
    const elapsedUs = Math.round((endedAt - sentAt) * 1000);
    const queuedUs = Math.round((sentAt - startedAt) * 1000);
    const encoding = encodingOf(raw);
    const decoded = decodedSize(raw, encoding);
    const res = new Response(raw, encoding, decoded);
    judgeAnswer(res, req);
    const s = this.sampleFor(handle);
    s.latencyUs = this.openModel ? elapsedUs + queuedUs + this.user.latenessUs : elapsedUs;
    s.uncorrectedUs = this.openModel ? elapsedUs : -1;
    s.status = raw.status;
    s.wireBytes = raw.wireBytes;
    s.decodedBytes = decoded;
    s.error = res.ok ? null : (res.error ?? 'failed');
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
      this.recorder.record(s);
    } else this.recorder.recordCut(handle);
    return failedResponse(message);
  }

  private sampleFor(handle: StatHandle): Sample {
    const s = (this.sample ??= newSample(handle));
    s.handle = handle;
    return s;
  }

  /** Resolved once per (method, name): no per-request lookup in the recorder. */
  private handleFor(method: string, name: string): StatHandle {
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

/** A redirect that is followed is a healthy hop; one that cannot be, a failure; else the flow judges. */
function judgeAnswer(res: Response, req: LayerRequest): void {
  const step = redirectStep(req);
  if (step.kind === 'none') judge(res, req.flow);
  else if (step.kind === 'fail') {
    res.ok = false;
    res.error = step.error;
  }
}

class TimingHandler extends ForwardingHandler {
  private readonly startedAt = performance.now();
  private sentAt = this.startedAt;

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
    super.onRequestStart(controller, context);
  }

  override onResponseEnd(controller: Dispatcher.DispatchController, trailers: IncomingHttpHeaders): void {
    try {
      this.req.result = this.recording.finish(this.req, this.handle, this.startedAt, this.sentAt);
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
