/** A small HTTP helper over undici's request for the demo-target tests: raw bytes, headers, decoding. */
import { gunzipSync } from 'node:zlib';
import { request } from 'undici';

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Body bytes as they came over the wire. */
  raw: Buffer;
  header(name: string): string | undefined;
  /** The body, gunzipped when it was sent gzip-encoded. */
  text(): string;
  json<T = Record<string, unknown>>(): T;
}

export interface Send {
  method?: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers?: Record<string, string>;
  /** Sent as JSON with Content-Type: application/json. */
  json?: unknown;
  /** Sent as is (with Content-Type: application/json unless headers say otherwise). */
  body?: string;
}

export async function send(url: string, options: Send = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | undefined = options.body;
  if (options.json !== undefined) body = JSON.stringify(options.json);
  if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
    headers['content-type'] = 'application/json';
  }
  const res = await request(url, { method: options.method ?? 'GET', headers, body });
  const raw = Buffer.from(await res.body.arrayBuffer());
  const header = (name: string) => {
    const value = res.headers[name.toLowerCase()];
    return Array.isArray(value) ? value.join(', ') : value;
  };
  const text = () => (header('content-encoding') === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
  return {
    status: res.statusCode,
    headers: res.headers,
    raw,
    header,
    text,
    json: <T>() => JSON.parse(text()) as T,
  };
}

export const GZIP = { 'accept-encoding': 'gzip' };
export const API_KEY = { 'x-api-key': 'demo-api-key' };
