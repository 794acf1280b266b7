/**
 * Each user's own cookie jar, kept as a browser keeps it (tough-cookie, RFC 6265): a cookie goes
 * only to the paths and host it was set for, until it expires (Expires, Max-Age) or the server
 * deletes it. Until the server has set a cookie the jar costs nothing per request but a look at
 * the headers, which the exchange hands it (a headers observer, not a handler around every request).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { createRequire } from 'node:module';
import type * as ToughCookie from 'tough-cookie';
import { headersToAdd, type HeadersObserver, type Layer, type LayerRequest } from './layer.js';

export function cookies(origin: string): Layer {
  const jar = new UserJar(origin);
  return (dispatch) => (req, handler) => {
    if (jar.holdsCookies && req.headers.cookie === undefined) {
      const header = jar.header(req.path);
      if (header !== '') headersToAdd(req).cookie = header;
    }
    req.headersObserver = jar;
    return dispatch(req, handler);
  };
}

/**
 * tough-cookie is loaded at the first Set-Cookie of the run, through require: an ES import of it
 * at start cost every run 0.08 CPU-s (measured), for a jar most targets never fill. Most of it was
 * Node lexing tldts's 220 KB of CommonJS for named exports, which a require() does not do.
 */
let toughCookie: typeof ToughCookie | null = null;
function newCookieJar(): ToughCookie.CookieJar {
  toughCookie ??= createRequire(import.meta.url)('tough-cookie') as typeof ToughCookie;
  return new toughCookie.CookieJar();
}

/** Told of every answer's headers by the exchange (no handler per request): stores its Set-Cookie. */
class UserJar implements HeadersObserver {
  /** Set once the server stored a cookie; before that no lookup is made. */
  holdsCookies = false;
  /** Made at the first Set-Cookie: 5,000 users of a target without cookies carry none. */
  private jar: ToughCookie.CookieJar | null = null;

  constructor(private readonly origin: string) {}

  /** The Cookie header for a path; '' for none, and for a path that makes no URL (undici refuses it). */
  header(path: string): string {
    const url = URL.parse(`${this.origin}${path}`);
    return url === null || this.jar === null ? '' : this.jar.getCookieStringSync(url);
  }

  responseHeaders(req: LayerRequest, headers: IncomingHttpHeaders): void {
    const setCookie = headers['set-cookie'];
    if (setCookie !== undefined) this.store(setCookie, req.path);
  }

  private store(setCookie: string | string[], path: string): void {
    const url = URL.parse(`${this.origin}${path}`);
    if (url === null) return;
    const jar = (this.jar ??= newCookieJar());
    for (const line of Array.isArray(setCookie) ? setCookie : [setCookie]) {
      // A cookie a browser would refuse (another domain, unparsable) is dropped as it would be.
      if (jar.setCookieSync(line, url, { ignoreError: true }) !== undefined) this.holdsCookies = true;
    }
  }
}
