/**
 * What a user's request path is made of: undici-style layers, `dispatch => (req, handler) => …`,
 * composed once per user around its Client (see user.ts for the order). A layer changes the
 * request on the way out and, when it must see the answer, wraps the handler on the way back;
 * one that only reads the answer's headers observes them instead (HeadersObserver).
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';
import type { HttpResponse, RequestOptions } from '../../flow-api/api.js';
import type { RawResponse } from '../exchange.js';

/** One request as it passes the layers: undici's dispatch options and what the layers share. */
export interface LayerRequest {
  method: Dispatcher.HttpMethod;
  /** As the flow wrote it until the base-path layer; the path sent on the wire below it. */
  path: string;
  /**
   * What goes on the wire, lower-case names; a header the flow set itself is never replaced by a
   * layer. The same object as `flowHeaders` until a layer adds one (through `headersToAdd`).
   */
  headers: Record<string, string>;
  /** The headers as the flow (or the redirect layer, for a hop) sent them: never changed below. */
  readonly flowHeaders: Record<string, string>;
  body?: string;
  /** The flow's options (name, query, auth, revalidate, expect, checks). */
  readonly flow: RequestOptions;
  /** A redirect hop's path is the one the server named, already on the wire: no base path added. */
  wirePath?: boolean;
  /** Set by the redirect layer: which hop this is, and how far the user follows. */
  redirect?: RedirectPolicy;
  /** Set by the conditional-GET layer when the request carries validators. */
  conditional: boolean;
  /** Set by a layer that only reads the answer's headers (the cookie jar): see HeadersObserver. */
  headersObserver: HeadersObserver | null;
  /** Filled by the exchange (innermost) as the answer arrives: complete in any layer's onResponseEnd. */
  readonly response: RawResponse;
  /** The flow's answer, set by the recording layer when the exchange ends or fails. */
  result: HttpResponse | null;
}

export interface RedirectPolicy {
  /** 0 for the flow's own request, 1 for the first redirect followed, … */
  hop: number;
  /** --max-redirects: hops followed before the chain fails. */
  max: number;
  /** The user's origin: a redirect elsewhere is not followed. */
  origin: string;
}

/**
 * Told of the response headers by the exchange as they arrive, before any handler above sees
 * them: a layer that only reads them needs no handler of its own around every request.
 */
export interface HeadersObserver {
  responseHeaders(req: LayerRequest, headers: IncomingHttpHeaders): void;
}

export type Dispatch = (req: LayerRequest, handler: Dispatcher.DispatchHandler) => boolean;
export type Layer = (dispatch: Dispatch) => Dispatch;

/**
 * The layers around a dispatcher, innermost (nearest the wire) first, as undici's compose() puts
 * them; but without its adapter between every two layers (a call and a handler check per layer
 * per request, there to accept old-style handlers: ours are all new-style) and without its Proxy.
 */
export function composeLayers(dispatcher: Dispatcher, layers: readonly Layer[]): Dispatch {
  let dispatch: Dispatch = (req, handler) => dispatcher.dispatch(req, handler);
  for (const layer of layers) dispatch = layer(dispatch);
  return dispatch;
}

/** Passes every callback on to the next handler; a layer overrides the ones it needs. */
export class ForwardingHandler implements Dispatcher.DispatchHandler {
  constructor(protected readonly next: Dispatcher.DispatchHandler) {}

  onRequestStart(controller: Dispatcher.DispatchController, context: unknown): void {
    this.next.onRequestStart?.(controller, context);
  }
  onResponseStart(controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders, statusMessage?: string): void {
    this.next.onResponseStart?.(controller, statusCode, headers, statusMessage);
  }
  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.next.onResponseData?.(controller, chunk);
  }
  onResponseEnd(controller: Dispatcher.DispatchController, trailers: IncomingHttpHeaders): void {
    this.next.onResponseEnd?.(controller, trailers);
  }
  onResponseError(controller: Dispatcher.DispatchController, error: Error): void {
    this.next.onResponseError?.(controller, error);
  }
}

/**
 * The request's headers, for a layer to add to: copied at the first addition, so that
 * `flowHeaders` stays as the flow sent them (a redirect hop starts again from those) and a request
 * to which no layer adds anything copies nothing.
 */
export function headersToAdd(req: LayerRequest): Record<string, string> {
  if (req.headers === req.flowHeaders) req.headers = { ...req.flowHeaders };
  return req.headers;
}

/** The first value of a response header that may repeat. */
export function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
