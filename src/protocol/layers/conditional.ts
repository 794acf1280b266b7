/**
 * Conditional GETs: a user remembers the validators (ETag, Last-Modified) of its last 200 from
 * each URL and sends them back (If-None-Match, If-Modified-Since) when the flow asks for it, or
 * for every GET with the audit's --revalidate. Validators belong to a URL, not to a grouped name:
 * /entries/7/'s ETag says nothing of /entries/8/.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';
import { ForwardingHandler, firstHeader, headersToAdd, type Layer, type LayerRequest } from './layer.js';

/** URLs remembered per user: bounded memory with 5,000 users; the oldest is forgotten first. */
export const MAX_VALIDATORS = 256;

interface Validators {
  etag?: string;
  lastModified?: string;
}

export function conditionalGet(revalidateAll: boolean): Layer {
  // Made at the first conditional GET: 5,000 users of a flow that never revalidates carry none.
  let known: Map<string, Validators> | null = null;
  return (dispatch) => (req, handler) => {
    if (req.method !== 'GET' || !(req.flow.revalidate ?? revalidateAll)) return dispatch(req, handler);
    known ??= new Map();
    const validators = known.get(req.path);
    if (validators !== undefined) req.conditional = addValidators(headersToAdd(req), validators);
    return dispatch(req, new RememberingHandler(known, req, handler));
  };
}

/** Adds what the flow did not set itself; returns whether any validator went out. */
function addValidators(headers: Record<string, string>, v: Validators): boolean {
  if (v.etag) headers['if-none-match'] ??= v.etag;
  if (v.lastModified) headers['if-modified-since'] ??= v.lastModified;
  return v.etag !== undefined || v.lastModified !== undefined;
}

class RememberingHandler extends ForwardingHandler {
  constructor(
    private readonly known: Map<string, Validators>,
    private readonly req: LayerRequest,
    next: Dispatcher.DispatchHandler,
  ) {
    super(next);
  }

  override onResponseEnd(controller: Dispatcher.DispatchController, trailers: IncomingHttpHeaders): void {
    const { status, headers } = this.req.response;
    if (status === 200) {
      const { path } = this.req;
      this.known.delete(path);
      this.known.set(path, { etag: firstHeader(headers.etag), lastModified: firstHeader(headers['last-modified']) });
      if (this.known.size > MAX_VALIDATORS) this.known.delete(this.known.keys().next().value!);
    }
    super.onResponseEnd(controller, trailers);
  }
}
