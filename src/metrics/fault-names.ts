/**
 * The one taxonomy of transport faults, shared by both kinds of users: a short, stable name per
 * fault that failures.csv, the reports and thresholds group by, with the raw code in parentheses
 * for whoever must look it up ("connection refused (ECONNREFUSED)" from a protocol user,
 * "connection refused (net::ERR_CONNECTION_REFUSED)" from a browser user). Names are part of the
 * output contract (README, "Failures and their names"): change one and users' dashboards break.
 * Each user layer maps its own raw codes onto these names (src/protocol/fault-names.ts for undici
 * and Node, src/browser/net-errors.ts for Chromium); the names live here, below both.
 */

/** The short names, keyed by fault. */
export const FAULT_NAMES = {
  refused: 'connection refused',
  reset: 'connection reset',
  /** The server closed the connection normally (FIN) before the response was complete. */
  closedEarly: 'closed before the response ended',
  connectTimeout: 'connect timeout',
  headersTimeout: 'headers timeout',
  /** undici's idle timeout: no body bytes for --request-timeout. */
  bodyTimeout: 'body timeout',
  /** The whole exchange ran past --request-timeout (the deadline layer). */
  totalTimeout: 'total timeout',
  headersTooLarge: 'headers too large',
  /** The answer was not HTTP/1.1 at all. */
  invalidHttp: 'invalid HTTP',
  dns: 'host not found',
  /** The TLS handshake failed for another reason than the certificate (protocol, cipher, alert). */
  tls: 'TLS failure',
  /** The server's certificate was refused: self-signed, unknown issuer, expired, another host's. */
  certUntrusted: 'TLS certificate not trusted',
  tooManyRedirects: 'too many redirects',
  /** A redirect to another scheme, host or port: the user's connection cannot follow it. */
  crossOriginRedirect: 'redirect to another origin not followed',
  /** A zlib code seen without its encoding; the protocol's recording layer names the encoding. */
  badContentEncoding: 'body does not decode as its Content-Encoding says',
  aborted: 'aborted',
  clientClosed: 'client closed',
  /** Browser users: the page's renderer process died during the view. */
  rendererCrashed: 'renderer crashed',
  /** Browser users: the browser process went away during the view (it is relaunched). */
  browserClosed: 'browser closed',
} as const;

export type Fault = keyof typeof FAULT_NAMES;

/** "name (raw)": the recorded form of a fault. */
export function namedFault(fault: Fault, raw: string): string {
  return `${FAULT_NAMES[fault]} (${raw})`;
}
