/**
 * The innermost layer of a user's request path: it counts the raw (still encoded) body chunks
 * as undici hands them over, so wire bytes are what the server sent, which neither fetch() nor a
 * decompressing interceptor would let us see. Every outer layer finds the response complete
 * in `req.response` by the time its own onResponseEnd runs.
 */
import type { Dispatcher } from 'undici';
import type { IncomingHttpHeaders } from 'node:http';
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

/** A short, stable failure message for a transport error: each cause is its own failure row. */
export function describeTransportError(error: unknown): string {
  const err = error as { code?: unknown; name?: string; message?: string; cause?: { code?: unknown } };
  if (err?.name === 'TimeoutError') return 'timeout';
  // DOMExceptions carry numeric codes (23 for a timeout): only string codes name a cause.
  const raw = typeof err?.code === 'string' ? err.code : err?.cause?.code;
  const code = typeof raw === 'string' ? raw : undefined;
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused (ECONNREFUSED)';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'connection reset (ECONNRESET)';
    case 'UND_ERR_HEADERS_TIMEOUT':
      return 'timeout waiting for response headers';
    case 'UND_ERR_BODY_TIMEOUT':
      return 'timeout reading response body';
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'ETIMEDOUT':
      return 'connect timeout';
    case 'UND_ERR_CLOSED':
    case 'UND_ERR_DESTROYED':
      return 'client closed';
    case 'UND_ERR_ABORTED':
      return 'aborted';
    case 'Z_DATA_ERROR':
    case 'Z_BUF_ERROR':
      return `body does not decode as its Content-Encoding says (${code})`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `host not found (${code})`;
    default:
      return code ? `${code}` : (err?.message ?? String(error)).split('\n')[0].slice(0, 120);
  }
}
