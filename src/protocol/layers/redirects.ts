/**
 * Redirects followed as Locust's clients and browsers follow them, each hop its own request: the
 * 30x is recorded under the flow's name, the next hop under its own path, and the flow gets the
 * last answer, judged by its expectations. `--max-redirects 0` follows none (wrk-style: the 30x is
 * the answer), and so does a request whose `expect` names the redirect's status. A chain longer than the limit fails as `too many redirects (N)`; a redirect to
 * another origin is not followed (a user's connection belongs to one origin) and fails, so that
 * neither reads as a healthy run of 302s.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';
import { FAULT_NAMES } from '../fault-names.js';
import { emptyResponse } from '../exchange.js';
import { ForwardingHandler, firstHeader, type Dispatch, type Layer, type LayerRequest, type RedirectPolicy } from './layer.js';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** What a finished response asks of the redirect layer. */
export type RedirectStep =
  | { kind: 'none' }
  | { kind: 'follow'; path: string; method: Dispatcher.HttpMethod; keepBody: boolean }
  | { kind: 'fail'; error: string };

/** Pure: what to do with the answer `req` got (the recording layer judges by it, this layer acts). */
export function redirectStep(req: LayerRequest): RedirectStep {
  const policy = req.redirect;
  const { status, headers } = req.response;
  const location = firstHeader(headers.location);
  if (policy === undefined || policy.max === 0 || !REDIRECT_STATUSES.has(status) || location === undefined) return { kind: 'none' };
  // A flow that expects this very status wants the redirect itself (requests' allow_redirects=False).
  if (expects(req.flow.expect, status)) return { kind: 'none' };
  const url = URL.parse(location, `${policy.origin}${req.path}`);
  if (url === null) return { kind: 'none' };
  if (url.origin !== policy.origin) return { kind: 'fail', error: `${FAULT_NAMES.crossOriginRedirect} (${url.origin})` };
  if (policy.hop >= policy.max) return { kind: 'fail', error: `${FAULT_NAMES.tooManyRedirects} (${policy.max})` };
  // 303, and 301/302 after a POST, continue as a GET without the body, as browsers and requests do.
  const toGet = status === 303 ? req.method !== 'HEAD' : (status === 301 || status === 302) && req.method === 'POST';
  return { kind: 'follow', path: `${url.pathname}${url.search}`, method: toGet ? 'GET' : req.method, keepBody: !toGet };
}

function expects(expect: number | readonly number[] | undefined, status: number): boolean {
  return typeof expect === 'number' ? expect === status : expect !== undefined && expect.includes(status);
}

export function redirects(maxRedirects: number, origin: string): Layer {
  // The flow's own requests share one policy: a hop gets a new one.
  const first: RedirectPolicy = { hop: 0, max: maxRedirects, origin };
  return (dispatch) => (req, handler) => {
    if (maxRedirects === 0) return dispatch(req, handler);
    req.redirect = first;
    return dispatch(req, new FollowingHandler(dispatch, req, req, handler));
  };
}

class FollowingHandler extends ForwardingHandler {
  constructor(
    private readonly dispatch: Dispatch,
    /** The flow's own request: its result is what the flow gets. */
    private readonly root: LayerRequest,
    private readonly req: LayerRequest,
    next: Dispatcher.DispatchHandler,
  ) {
    super(next);
  }

  override onResponseEnd(controller: Dispatcher.DispatchController, trailers: IncomingHttpHeaders): void {
    const step = redirectStep(this.req);
    if (step.kind !== 'follow' || this.req.result?.ok !== true) {
      this.root.result = this.req.result;
      super.onResponseEnd(controller, trailers);
      return;
    }
    const hop = this.hopRequest(step);
    // Sent once this exchange has fully ended, so the hop queues behind nothing of its own.
    queueMicrotask(() => this.dispatch(hop, new FollowingHandler(this.dispatch, this.root, hop, this.next)));
  }

  override onResponseError(controller: Dispatcher.DispatchController, error: Error): void {
    this.root.result = this.req.result;
    super.onResponseError(controller, error);
  }

  private hopRequest(step: Extract<RedirectStep, { kind: 'follow' }>): LayerRequest {
    // The flow's own headers, before any inner layer added its own (they add them again per hop).
    const headers = { ...this.root.flowHeaders };
    if (!step.keepBody) {
      delete headers['content-type'];
      delete headers['content-length'];
    }
    return {
      method: step.method,
      path: step.path,
      headers,
      flowHeaders: headers,
      body: step.keepBody ? this.req.body : undefined,
      // Each hop is named by its own path; the flow's expectations judge the last answer.
      flow: { ...this.req.flow, name: undefined, query: undefined },
      wirePath: true,
      redirect: { ...this.req.redirect!, hop: this.req.redirect!.hop + 1 },
      conditional: false,
      headersObserver: null,
      response: emptyResponse(),
      result: null,
    };
  }
}
