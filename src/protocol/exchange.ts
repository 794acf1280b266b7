/**
 * The innermost layer of a user's request path: it counts the raw (still encoded) body chunks
 * as undici hands them over, so wire bytes are what the server sent, which neither fetch() nor a
 * decompressing interceptor would let us see. Every outer layer finds the response complete
 * in `req.response` by the time its own onResponseEnd runs; the chunks are not passed up one by
 * one, as no layer reads a body before it is complete (a call per layer per chunk saved). The
 * request's headers observer (the cookie jar) is told of the headers before any layer above.
 */
import type { Dispatcher } from 'undici';
import type { IncomingHttpHeaders } from 'node:http';
import { faultName } from './fault-names.js';
import type { Layer, LayerRequest } from './layers/layer.js';
import { parseHeaders } from './undici.js';

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  chunks: Buffer[];
  wireBytes: number;
}

/** Until the headers come (replaced, never written to): one record for every request. */
const NO_HEADERS: IncomingHttpHeaders = Object.freeze({});

export function emptyResponse(): RawResponse {
  return { status: 0, headers: NO_HEADERS, chunks: [], wireBytes: 0 };
}

export const exchange: Layer = (dispatch) => (req, handler) => dispatch(req, new CollectingHandler(req, handler));

/** Trailers are rare and none of the layers reads them: one empty record for every request. */
const NO_TRAILERS: IncomingHttpHeaders = Object.freeze({});

/**
 * Speaks undici's own (callback) handler interface to the Client and the newer one to the layers
 * above, acting as their controller. undici would otherwise put an adapter of its own in between,
 * two more objects and a parse of the (empty) trailers per request.
 */
class CollectingHandler implements Dispatcher.DispatchController, Dispatcher.DispatchHandler {
  aborted = false;
  reason: Error | null = null;
  private abortRequest: ((reason?: Error) => void) | null = null;

  private readonly response: RawResponse;

  constructor(
    private readonly req: LayerRequest,
    private readonly next: Dispatcher.DispatchHandler,
  ) {
    this.response = req.response;
  }

  get paused(): boolean {
    return false;
  }
  // Nothing above ever pauses the body: it is collected as it comes.
  pause(): void {}
  resume(): void {}

  abort(reason: Error): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.abortRequest?.(reason);
  }

  // Called again, with a new abort, if undici sends the request anew.
  onConnect(abort: (reason?: Error) => void, context?: unknown): void {
    this.abortRequest = abort;
    this.aborted = false;
    this.reason = null;
    this.next.onRequestStart?.(this, context);
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[], _resume: () => void, statusMessage?: string): boolean {
    const headers = parseHeaders(rawHeaders) as IncomingHttpHeaders;
    this.response.status = statusCode;
    this.response.headers = headers;
    this.req.headersObserver?.responseHeaders(this.req, headers);
    this.next.onResponseStart?.(this, statusCode, headers, statusMessage);
    return true;
  }

  onData(chunk: Buffer): boolean {
    this.response.chunks.push(chunk);
    this.response.wireBytes += chunk.length;
    return true;
  }

  onComplete(rawTrailers: string[] | Buffer[] | null): void {
    const trailers = rawTrailers === null || rawTrailers.length === 0 ? NO_TRAILERS : (parseHeaders(rawTrailers) as IncomingHttpHeaders);
    this.next.onResponseEnd?.(this, trailers);
  }

  onError(error: Error): void {
    this.next.onResponseError?.(this, error);
  }
}

/** The recorded name of a transport error; the names live in fault-names.ts. */
export const describeTransportError = faultName;
