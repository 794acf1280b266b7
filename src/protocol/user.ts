/**
 * A protocol-level virtual user: its own keep-alive connection (one undici Client), cookies and
 * auth session, recording into the recorder of its worker. The request path is a stack of small
 * layers composed once per user (see `layers/`); the user keeps what a flow talks to: the HTTP
 * verbs, login, and one re-login when the server stops accepting the token it sent.
 */
import type { Dispatcher, buildConnector as BuildConnector } from 'undici';
import type { DataStripe, HttpClient, HttpResponse, RequestOptions, UserContext } from '../flow-api/api.js';
import { TARGET_AUTH_DEFAULTS } from '../config/target-auth.js';
import type { Recorder } from '../metrics/types.js';
import type { Auth, AuthSession } from './auth.js';
import { failedResponse } from './body.js';
import { PartStripe } from './data-stripe.js';
import { emptyResponse, exchange } from './exchange.js';
import { timedConnector, type ConnectionTiming } from './connection-timing.js';
import { faultName } from './fault-names.js';
import { basePathAndQuery } from './layers/base-path.js';
import { conditionalGet } from './layers/conditional.js';
import { cookies } from './layers/cookies.js';
import { credentials } from './layers/credentials.js';
import { deadline } from './layers/deadline.js';
import { composeLayers, type Dispatch, type LayerRequest } from './layers/layer.js';
import { Recording } from './layers/recording.js';
import { redirects } from './layers/redirects.js';
import { Client, buildConnector } from './undici.js';
import { seededRandom } from '../random.js';

export interface UserSettings {
  /** The host, with its base path if it has one. */
  origin: string;
  /** Bounds each whole exchange (deadline layer) and undici's idle timeouts. */
  requestTimeoutMs: number;
  /** Redirects followed per request (--max-redirects); 0 for none. Default 10. */
  maxRedirects?: number;
  /** Send conditional GETs for every GET, not only those that ask (audit's --revalidate). */
  revalidateAll: boolean;
  /** Open model: record latency from the intended start, and the uncorrected one beside it. */
  openModel: boolean;
  userAgent: string;
  /** The thread's stripe of the flow's feeds, shared by its users; default one per settings object. */
  stripe?: DataStripe;
  /** `--insecure`: accept a certificate no authority signed (a self-signed test target). */
  insecure?: boolean;
  /** `--http2`: offer HTTP/2 by ALPN on https, as browsers do; the server picks. */
  http2?: boolean;
}

export const ACCEPT_ENCODING = 'gzip, deflate, br';
/** How far behind the deadline layer undici's own connect, headers and body timeouts fire. */
const UNDICI_BACKSTOP_MS = 1000;

export class VirtualUser implements HttpClient, UserContext {
  readonly data: Record<string, unknown> = {};
  readonly random: () => number;
  readonly session: AuthSession = { token: null };
  readonly stripe: DataStripe;
  /** Open model: how late the current iteration started (µs), added to each request's latency. */
  latenessUs = 0;
  private closed = false;
  private readonly client: InstanceType<typeof Client>;
  private readonly dispatch: Dispatch;
  private loggingIn: Promise<boolean> | null = null;
  /** Kept from the Client's connect/disconnect events: read on every request, by the deadline. */
  private connectionUp = false;
  /**
   * The headers of a request whose flow adds none (no `headers`, no `json`): one frozen record
   * for all of them, as the layers never write to the flow's headers (`headersToAdd` copies).
   */
  private readonly plainHeaders: Readonly<Record<string, string>>;
  /** The last connection opened, until the request it was opened for takes it (recording layer). */
  private openedConnection: ConnectionTiming | null = null;

  constructor(
    readonly id: number,
    private readonly settings: UserSettings,
    recorder: Recorder,
    private readonly auth: Auth,
    seed: number,
  ) {
    this.random = seededRandom(seed * 7919 + id);
    this.stripe = settings.stripe ?? stripeOf(settings);
    this.plainHeaders = Object.freeze({ 'accept-encoding': ACCEPT_ENCODING, 'user-agent': settings.userAgent });
    const base = new URL(settings.origin);
    // undici's own timeouts are backstops a little behind the deadline layer, which names the
    // phase that ran out; at the same length undici's won the race on a busy event loop.
    const backstopMs = settings.requestTimeoutMs + UNDICI_BACKSTOP_MS;
    const connectTimeout = Math.min(backstopMs, 10_000);
    this.client = new Client(base.origin, {
      pipelining: 1,
      headersTimeout: backstopMs,
      bodyTimeout: backstopMs,
      connectTimeout,
      keepAliveTimeout: 60_000,
      allowH2: settings.http2 === true,
      connect: timedConnector(base.protocol === 'http:' ? plainConnector(connectTimeout) : tlsConnector(connectTimeout, settings), (timing) => (this.openedConnection = timing)),
    });
    this.client.on('connect', () => (this.connectionUp = true)).on('disconnect', () => (this.connectionUp = false));
    // Innermost (nearest the wire) first. Cookies and validators key on the path that is sent, so
    // they sit inside the base path; the deadline bounds everything below recording, whose clock
    // covers all; redirects sit outside recording, so that each hop is recorded as its own request.
    this.dispatch = composeLayers(this.client, [
      exchange,
      conditionalGet(settings.revalidateAll),
      cookies(base.origin),
      credentials(auth, this.session),
      basePathAndQuery(base.pathname.replace(/\/+$/, '')),
      deadline(settings.requestTimeoutMs, () => this.connectionUp),
      new Recording(recorder, settings.openModel, this).layer,
      redirects(settings.maxRedirects ?? TARGET_AUTH_DEFAULTS.maxRedirects, base.origin),
    ]);
  }

  /** The phases of the connection opened for the request that starts now, once; null when it reuses one. */
  takeConnection(): ConnectionTiming | null {
    const timing = this.openedConnection;
    this.openedConnection = null;
    return timing;
  }

  /** Set by close(): in-flight requests that fail now are not recorded. */
  get closing(): boolean {
    return this.closed;
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

  request(method: string, path: string, opts: RequestOptions = NO_OPTIONS): Promise<HttpResponse> {
    // Only a JWT can expire: every other request is its one send, with no promise of its own.
    if (this.auth.kind !== 'jwt' || opts.auth === false) return this.send(method, path, opts);
    return this.requestWithLogin(method, path, opts);
  }

  private async requestWithLogin(method: string, path: string, opts: RequestOptions): Promise<HttpResponse> {
    const tokenSent = this.session.token;
    const res = await this.send(method, path, opts);
    // A JWT that the server no longer accepts: log in again, once, then retry. Only a token that
    // was sent can have expired: after a failed login, 401s are the answer, not a reason to retry.
    if (res.status === 401 && tokenSent !== null && !this.closing) {
      if (this.session.token !== tokenSent || (await this.login())) return this.send(method, path, opts);
    }
    return res;
  }

  private send(method: string, path: string, opts: RequestOptions): Promise<HttpResponse> {
    let headers = this.plainHeaders as Record<string, string>;
    let body = opts.body;
    if (opts.json !== undefined || opts.headers) {
      headers = { ...this.plainHeaders };
      if (opts.json !== undefined) {
        body = JSON.stringify(opts.json);
        headers['content-type'] = 'application/json';
      }
      // Lower-cased, so that the flow's own header replaces ours and the layers see that it is set.
      if (opts.headers) for (const [name, value] of Object.entries(opts.headers)) headers[name.toLowerCase()] = value;
    }
    const req: LayerRequest = {
      method: method as Dispatcher.HttpMethod, path, headers, flowHeaders: headers, body, flow: opts, conditional: false, headersObserver: null, response: emptyResponse(), result: null,
    };
    return new Promise((resolve) => this.dispatch(req, new Settle(req, resolve)));
  }

  /** Closes the connection; in-flight requests fail without being recorded. */
  async close(force: boolean): Promise<void> {
    this.closed = true;
    if (force) await this.client.destroy().catch(() => {});
    else await this.client.close().catch(() => {});
  }
}

const NO_OPTIONS: RequestOptions = Object.freeze({});

/** Users made from one settings object without a stripe share one of the whole plan (tests, one thread). */
const stripes = new WeakMap<UserSettings, DataStripe>();
function stripeOf(settings: UserSettings): DataStripe {
  let stripe = stripes.get(settings);
  if (stripe === undefined) {
    stripe = new PartStripe();
    stripes.set(settings, stripe);
  }
  return stripe;
}

/**
 * Plain-HTTP users of a thread share one connector: what a connector keeps of its own is a cache
 * of TLS sessions, which a plain connection never uses, and a Client makes one each (0.6 KB a
 * user). HTTPS users keep their own, so that no user resumes another user's TLS session.
 */
const plainConnectors = new Map<number, BuildConnector.connector>();
function plainConnector(timeoutMs: number): BuildConnector.connector {
  let connector = plainConnectors.get(timeoutMs);
  if (connector === undefined) {
    connector = buildConnector({ timeout: timeoutMs });
    plainConnectors.set(timeoutMs, connector);
  }
  return connector;
}

/** A user's own TLS connector: its cache of TLS sessions is this user's alone. */
function tlsConnector(timeoutMs: number, settings: UserSettings): BuildConnector.connector {
  return buildConnector({ timeout: timeoutMs, allowH2: settings.http2 === true, rejectUnauthorized: settings.insecure !== true });
}

/** The handler at the top of the layers: hands the flow the answer the recording layer made. */
class Settle implements Dispatcher.DispatchHandler {
  constructor(
    private readonly req: LayerRequest,
    private readonly resolve: (res: HttpResponse) => void,
  ) {}

  onRequestStart(): void {}
  onResponseStart(): void {}
  onResponseData(): void {}
  onResponseEnd(): void {
    this.resolve(this.req.result!);
  }
  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.resolve(this.req.result ?? failedResponse(faultName(error)));
  }
}
