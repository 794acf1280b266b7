/**
 * The response a flow sees: status, headers, wire vs decoded bytes, and its body, decoded before
 * the flow gets it (asynchronously, in zlib's thread pool) so that text() and json() stay the
 * synchronous calls flows already write, and the decoded size is measured, not read off a trailer.
 */
import { brotliDecompress, gunzip, inflate } from 'node:zlib';
import type { HttpResponse } from '../flow-api/api.js';
import type { RawResponse } from './exchange.js';

/** Content-Encoding of a response, lower-cased; '' when identity. */
export function encodingOf(raw: RawResponse): string {
  const value = raw.headers['content-encoding'];
  return typeof value === 'string' ? value.trim().toLowerCase() : '';
}

/** zlib's callback forms run in libuv's thread pool: a large or hostile body never blocks the loop. */
const DECODERS: Readonly<Record<string, (body: Buffer, done: (error: Error | null, out: Buffer) => void) => void>> = {
  gzip: gunzip,
  'x-gzip': gunzip,
  deflate: inflate,
  br: brotliDecompress,
};

/** True when the body must pass through zlib before a flow or a check can read it. */
export function needsDecoding(raw: RawResponse, encoding: string): boolean {
  return raw.wireBytes > 0 && DECODERS[encoding] !== undefined;
}

/**
 * The decoded body, off the event loop. Identity (and encodings we do not know) are the bytes as
 * they came; a body that does not decode as its label says rejects with zlib's error (the
 * recording layer names it), so a truncated gzip is caught instead of trusting its trailer.
 */
export function decodeBody(raw: RawResponse, encoding: string): Promise<Buffer> {
  // Stryker disable next-line ConditionalExpression: one chunk is taken as is only to save a copy; joined it is the same bytes
  const body = raw.chunks.length === 1 ? raw.chunks[0] : Buffer.concat(raw.chunks, raw.wireBytes);
  const decode = raw.wireBytes > 0 ? DECODERS[encoding] : undefined;
  if (decode === undefined) return Promise.resolve(body);
  return new Promise((resolve, reject) => decode(body, (error, out) => (error ? reject(error) : resolve(out))));
}

export class Response implements HttpResponse {
  private parsed: unknown = undefined;
  ok = true;
  error: string | null = null;

  constructor(
    private readonly raw: RawResponse,
    /** The decoded body; null for a body sent as is (joined only if read); empty when it did not decode. */
    private decoded: Buffer | null,
  ) {}

  get decodedBytes(): number {
    return this.decoded === null ? this.raw.wireBytes : this.decoded.length;
  }

  get status(): number {
    return this.raw.status;
  }
  get headers(): HttpResponse['headers'] {
    return this.raw.headers;
  }
  get wireBytes(): number {
    return this.raw.wireBytes;
  }
  text(): string {
    // An identity body is joined once, at its first read (its length is the wire length anyway).
    // Stryker disable next-line ConditionalExpression: one chunk is taken as is only to save a copy; joined it is the same bytes
    this.decoded ??= this.raw.chunks.length === 1 ? this.raw.chunks[0] : Buffer.concat(this.raw.chunks, this.raw.wireBytes);
    return this.decoded.toString('utf8');
  }
  json<T = unknown>(): T {
    if (this.parsed === undefined) this.parsed = JSON.parse(this.text());
    return this.parsed as T;
  }
}

/** What a flow gets when no response arrived (or it could not be read): status 0, no body. */
export function failedResponse(message: string): HttpResponse {
  return {
    status: 0,
    headers: {},
    wireBytes: 0,
    decodedBytes: 0,
    ok: false,
    error: message,
    text: () => '',
    json: () => {
      throw new Error(`no response body (${message})`);
    },
  };
}
