/**
 * A protocol-level virtual user: its own keep-alive connection (one undici Client), its own
 * cookies and auth session, recording into the recorder of its worker. This is the hottest
 * path of the tool: per request it builds the headers undici needs and nothing else that lasts.
 */
import { Client } from 'undici';
import type { HttpClient, HttpResponse, RequestOptions, UserContext } from '../flow-api/api.js';
import type { Recorder, StatHandle } from '../metrics/types.js';
import type { Auth, AuthSession } from './auth.js';
import { Response, decodedSize, encodingOf } from './body.js';
import { CookieJar } from './cookies.js';
import { describeTransportError, exchange } from './exchange.js';
import { seededRandom } from '../random.js';

export interface UserSettings {
  /** The host, with its base path if it has one. */
  origin: string;
  requestTimeoutMs: number;
  /** Send conditional GETs for every GET, not only those that ask (audit's --revalidate). */
  revalidateAll: boolean;
  /** Open model: record latency from the intended start, and the uncorrected one beside it. */
  openModel: boolean;
  userAgent: string;
}

const ACCEPT_ENCODING = 'gzip, deflate, br';
/** Conditional GETs remember this many URLs per user: bounded memory with 5,000 users. */
const MAX_VALIDATORS = 256;

interface Validators {
  etag?: string;
  lastModified?: string;
}

export class VirtualUser implements HttpClient, UserContext {
  readonly data: Record<string, unknown> = {};
  readonly random: () => number;
  readonly session: AuthSession = { token: null };
  /** Open model: how late the current iteration started (µs), added to each request's latency. */
  latenessUs = 0;
  private readonly client: Client;
  /** The host's base path ("/erp" of http://h/erp), put before every path as Locust does. */
  private readonly basePath: string;
  private readonly cookies = new CookieJar();
  private readonly handles = new Map<string, Map<string, StatHandle>>();
  private readonly validators = new Map<string, Validators>();
  private closing = false;
  private loggingIn: Promise<boolean> | null = null;

  constructor(
    readonly id: number,
    private readonly settings: UserSettings,
    private readonly recorder: Recorder,
    private readonly auth: Auth,
    seed: number,
  ) {
    this.random = seededRandom(seed * 7919 + id);
    const base = new URL(settings.origin);
    this.basePath = base.pathname.replace(/\/+$/, '');
    this.client = new Client(base.origin, {
      pipelining: 1,
      headersTimeout: settings.requestTimeoutMs,
      bodyTimeout: settings.requestTimeoutMs,
      connectTimeout: Math.min(settings.requestTimeoutMs, 10_000),
      keepAliveTimeout: 60_000,
    });
  }

  get http(): HttpClient {
    return this;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }

  get(path: string, opts?: RequestOptions): Promise<HttpResponse> {
    return this.request('GET', path, opts);
  }
  post(path: string, opts?: RequestOptions): Promise<HttpResponse> {
    return this.request('POST', path, opts);
  }
  put(path: string, opts?: RequestOptions): Promise<HttpResponse> {
    return this.request('PUT', path, opts);
  }
  patch(path: string, opts?: RequestOptions): Promise<HttpResponse> {
    return this.request('PATCH', path, opts);
  }
  delete(path: string, opts?: RequestOptions): Promise<HttpResponse> {
    return this.request('DELETE', path, opts);
  }

  /** Logs in when the auth needs it (JWT); concurrent callers share one login. */
  login(): Promise<boolean> {
    this.loggingIn ??= this.auth.login(this, this.session).finally(() => (this.loggingIn = null));
    return this.loggingIn;
  }

  async request(method: string, path: string, opts: RequestOptions = {}): Promise<HttpResponse> {
    const tokenSent = this.session.token;
    const res = await this.send(method, path, opts);
    // A JWT that the server no longer accepts: log in again, once, then retry. Only a token that
    // was sent can have expired: after a failed login, 401s are the answer, not a reason to retry.
    if (res.status === 401 && this.auth.kind === 'jwt' && opts.auth !== false && tokenSent !== null && !this.closing) {
      if (this.session.token !== tokenSent || (await this.login())) return this.send(method, path, opts);
    }
    return res;
  }

  private async send(method: string, path: string, opts: RequestOptions): Promise<HttpResponse> {
    const name = opts.name ?? path;
    const handle = this.handleFor(method, name);
    const headers: Record<string, string> = { 'accept-encoding': ACCEPT_ENCODING, 'user-agent': this.settings.userAgent };
    if (opts.auth !== false) this.auth.apply(headers, this.session);
    if (this.cookies.cookieHeader !== '') headers.cookie = this.cookies.cookieHeader;
    let body = opts.body;
    if (opts.json !== undefined) {
      body = JSON.stringify(opts.json);
      headers['content-type'] = 'application/json';
    }
    if (opts.headers) Object.assign(headers, opts.headers);
    const full = this.basePath === '' ? path : `${this.basePath}${path}`;
    const target = opts.query ? `${full}${full.includes('?') ? '&' : '?'}${queryString(opts.query)}` : full;
    // Validators belong to a URL, not to a grouped name: /entries/7/'s ETag says nothing of /entries/8/.
    const revalidate = method === 'GET' && (opts.revalidate ?? this.settings.revalidateAll);
    const conditional = revalidate && addConditionalHeaders(headers, this.validators.get(target));

    const startedAt = performance.now();
    try {
      const raw = await exchange(this.client, { method, path: target, headers, body });
      const endedAt = performance.now();
      // From the send: a request queued behind this user's own in-flight one starts its clock
      // when it reaches the connection. The open model's corrected latency counts the queue too.
      const elapsedUs = Math.round((endedAt - raw.sentAt) * 1000);
      const queuedUs = Math.round((raw.sentAt - startedAt) * 1000);
      const encoding = encodingOf(raw);
      const decoded = decodedSize(raw, encoding);
      const res = new Response(raw, encoding, decoded);
      this.cookies.store(raw.headers['set-cookie']);
      if (revalidate && raw.status === 200) this.rememberValidators(target, raw.headers);
      judge(res, opts);
      const latencyUs = this.settings.openModel ? elapsedUs + queuedUs + this.latenessUs : elapsedUs;
      const uncorrectedUs = this.settings.openModel ? elapsedUs : -1;
      const { status, wireBytes } = raw;
      const error = res.ok ? null : (res.error ?? 'failed');
      this.recorder.record({ handle, latencyUs, uncorrectedUs, status, wireBytes, decodedBytes: decoded, error });
      const view = headerView(raw.headers, conditional);
      this.recorder.observeResponse({ handle, headers: view, status, wireBytes, decodedBytes: decoded, latencyUs: elapsedUs });
      return res;
    } catch (error) {
      const elapsedUs = Math.round((performance.now() - startedAt) * 1000);
      const message = describeTransportError(error);
      // Requests cut off by our own shutdown are not the server's failures.
      if (!this.closing) {
        const uncorrectedUs = this.settings.openModel ? elapsedUs : -1;
        this.recorder.record({ handle, latencyUs: elapsedUs + this.latenessUs, uncorrectedUs, status: 0, wireBytes: 0, decodedBytes: 0, error: message });
      }
      return failedResponse(message);
    }
  }

  /** Keeps the validators of the last MAX_VALIDATORS URLs (oldest forgotten first). */
  private rememberValidators(target: string, h: Record<string, string | string[] | undefined>): void {
    this.validators.delete(target);
    this.validators.set(target, validatorsOf(h));
    if (this.validators.size > MAX_VALIDATORS) this.validators.delete(this.validators.keys().next().value!);
  }

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

  /** Closes the connection; in-flight requests fail without being recorded. */
  async close(force: boolean): Promise<void> {
    this.closing = true;
    if (force) await this.client.destroy().catch(() => {});
    else await this.client.close().catch(() => {});
  }
}

function judge(res: Response, opts: RequestOptions): void {
  const expect = opts.expect;
  const statusOk =
    expect === undefined ? res.status < 400 : typeof expect === 'number' ? res.status === expect : expect.includes(res.status);
  if (!statusOk) {
    res.ok = false;
    res.error = `HTTP ${res.status}`;
    return;
  }
  if (opts.checks) {
    for (const check of opts.checks) {
      const message = check(res);
      if (message !== null) {
        res.ok = false;
        res.error = message;
        return;
      }
    }
  }
}

function queryString(query: Record<string, string | number | boolean>): string {
  return new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString();
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function headerView(h: Record<string, string | string[] | undefined>, conditionalRequest: boolean) {
  return {
    conditionalRequest,
    contentType: first(h['content-type']),
    contentEncoding: first(h['content-encoding']),
    cacheControl: first(h['cache-control']),
    expires: first(h.expires),
    etag: first(h.etag),
    lastModified: first(h['last-modified']),
    vary: first(h.vary),
    age: first(h.age),
    xCache: first(h['x-cache']),
  };
}

function validatorsOf(h: Record<string, string | string[] | undefined>): Validators {
  return { etag: first(h.etag), lastModified: first(h['last-modified']) };
}

/** Adds the validators of an earlier response; returns whether the request became conditional. */
function addConditionalHeaders(headers: Record<string, string>, validators: Validators | undefined): boolean {
  if (validators?.etag) headers['if-none-match'] = validators.etag;
  if (validators?.lastModified) headers['if-modified-since'] = validators.lastModified;
  return validators?.etag !== undefined || validators?.lastModified !== undefined;
}

function failedResponse(message: string): HttpResponse {
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
