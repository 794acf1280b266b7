/**
 * One HTTP exchange on a user's own undici Client, through the dispatch API so that the raw
 * (still encoded) body chunks are counted as they arrive: wire bytes are what the server sent,
 * which neither fetch() nor a decompressing interceptor would let us see.
 */
import type { Client, Dispatcher } from 'undici';
import type { IncomingHttpHeaders } from 'node:http';

export interface RawResponse {
  /** performance.now() when undici put the request on the connection (after any queueing). */
  sentAt: number;
  status: number;
  headers: IncomingHttpHeaders;
  chunks: Buffer[];
  wireBytes: number;
}

export interface ExchangeRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** Sends one request and collects the response; rejects with undici's error on failure. */
export function exchange(client: Client, req: ExchangeRequest): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const response: RawResponse = { sentAt: performance.now(), status: 0, headers: {}, chunks: [], wireBytes: 0 };
    const handler: Dispatcher.DispatchHandler = {
      // undici picks its newer handler API by the presence of onRequestStart; it runs when the
      // request leaves the user's queue for the connection, which is when its clock starts.
      onRequestStart() {
        response.sentAt = performance.now();
      },
      onResponseStart(_controller, statusCode, headers) {
        response.status = statusCode;
        response.headers = headers;
      },
      onResponseData(_controller, chunk) {
        response.chunks.push(chunk);
        response.wireBytes += chunk.length;
      },
      onResponseEnd() {
        resolve(response);
      },
      onResponseError(_controller, error) {
        reject(error);
      },
    };
    client.dispatch(
      { method: req.method as Dispatcher.HttpMethod, path: req.path, headers: req.headers, body: req.body },
      handler,
    );
  });
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
