/**
 * The innermost layer of a user's request path: it counts the raw (still encoded) body chunks
 * as undici hands them over, so wire bytes are what the server sent, which neither fetch() nor a
 * decompressing interceptor would let us see. Every outer layer finds the response complete
 * in `req.response` by the time its own onResponseEnd runs.
 */
import type { Dispatcher } from 'undici';
import type { IncomingHttpHeaders } from 'node:http';
import { faultName } from './fault-names.js';
import { ForwardingHandler, type Layer } from './layers/layer.js';

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  chunks: Buffer[];
  wireBytes: number;
}

export function emptyResponse(): RawResponse {
  return { status: 0, headers: {}, chunks: [], wireBytes: 0 };
}

export const exchange: Layer = (dispatch) => (req, handler) => dispatch(req, new CollectingHandler(req.response, handler));

class CollectingHandler extends ForwardingHandler {
  constructor(
    private readonly response: RawResponse,
    next: Dispatcher.DispatchHandler,
  ) {
    super(next);
  }

  override onResponseStart(controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders, statusMessage?: string): void {
    this.response.status = statusCode;
    this.response.headers = headers;
    super.onResponseStart(controller, statusCode, headers, statusMessage);
  }

  override onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.response.chunks.push(chunk);
    this.response.wireBytes += chunk.length;
    super.onResponseData(controller, chunk);
  }
}

/** The recorded name of a transport error; the names live in fault-names.ts. */
export const describeTransportError = faultName;
