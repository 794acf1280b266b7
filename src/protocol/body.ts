/** The response a flow sees: status, headers, wire vs decoded bytes, and a lazily decoded body. */
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import type { HttpResponse } from '../flow-api/api.js';
import type { RawResponse } from './exchange.js';

/** Content-Encoding of a response, lower-cased; '' when identity. */
export function encodingOf(raw: RawResponse): string {
  const value = raw.headers['content-encoding'];
  return typeof value === 'string' ? value.trim().toLowerCase() : '';
}

/**
 * Decoded body size without decoding when possible: a single-member gzip stream ends with
 * ISIZE, the uncompressed length mod 2^32, so gzip costs nothing here. Other encodings decode.
 */
export function decodedSize(raw: RawResponse, encoding: string): number {
  if (encoding === '' || encoding === 'identity' || raw.wireBytes === 0) return raw.wireBytes;
  if ((encoding === 'gzip' || encoding === 'x-gzip') && isGzip(raw.chunks[0])) {
    const last = raw.chunks[raw.chunks.length - 1];
    if (last.length >= 4) return last.readUInt32LE(last.length - 4);
  }
  return decodeBody(raw, encoding).length;
}

/** The gzip magic bytes: a body labelled gzip that is not is decoded (and fails) instead. */
function isGzip(first: Buffer): boolean {
  return first.length >= 2 && first[0] === 0x1f && first[1] === 0x8b;
}

export function decodeBody(raw: RawResponse, encoding: string): Buffer {
  const body = raw.chunks.length === 1 ? raw.chunks[0] : Buffer.concat(raw.chunks, raw.wireBytes);
  switch (encoding) {
    case '':
    case 'identity':
      return body;
    case 'gzip':
    case 'x-gzip':
      return gunzipSync(body);
    case 'br':
      return brotliDecompressSync(body);
    case 'deflate':
      return inflateSync(body);
    default:
      return body;
  }
}

export class Response implements HttpResponse {
  private decoded: Buffer | null = null;
  private parsed: unknown = undefined;
  ok = true;
  error: string | null = null;

  constructor(
    private readonly raw: RawResponse,
    private readonly encoding: string,
    readonly decodedBytes: number,
  ) {}

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
    this.decoded ??= decodeBody(this.raw, this.encoding);
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
