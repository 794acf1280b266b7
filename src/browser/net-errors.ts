/**
 * Chromium's network errors (`net::ERR_*`, as CDP's loadingFailed and page.goto report them)
 * named by the one taxonomy (src/metrics/fault-names.ts): a browser user's failure reads like a
 * protocol user's with Chromium's code in parentheses, "connection reset (net::ERR_CONNECTION_RESET)",
 * so the same fault groups under the same name in failures.csv. A code not in the table stays bare,
 * as protocol users keep an unknown code (README, "Failures and their names").
 */
import { namedFault, type Fault } from '../metrics/fault-names.js';

const BY_NET_ERROR: Readonly<Record<string, Fault>> = {
  ERR_CONNECTION_REFUSED: 'refused',
  ERR_CONNECTION_RESET: 'reset',
  // Chromium's readings of a normal close (FIN) before the response was whole.
  ERR_EMPTY_RESPONSE: 'closedEarly',
  ERR_CONNECTION_CLOSED: 'closedEarly',
  ERR_CONTENT_LENGTH_MISMATCH: 'closedEarly',
  ERR_INCOMPLETE_CHUNKED_ENCODING: 'closedEarly',
  ERR_CONNECTION_TIMED_OUT: 'connectTimeout',
  ERR_RESPONSE_HEADERS_TOO_BIG: 'headersTooLarge',
  ERR_INVALID_HTTP_RESPONSE: 'invalidHttp',
  ERR_NAME_NOT_RESOLVED: 'dns',
  ERR_TOO_MANY_REDIRECTS: 'tooManyRedirects',
  ERR_CONTENT_DECODING_FAILED: 'badContentEncoding',
};

/** Handshake and certificate failures come under many codes: a refused certificate is ERR_CERT_*. */
const CERT = /^ERR_CERT_/;
const TLS = /^ERR_(SSL_|BAD_SSL_)/;

/** The name of a Chromium network error given as "net::ERR_X" (or with text around it). */
export function netErrorName(text: string): string {
  const code = /net::(ERR_[A-Z0-9_]+)/.exec(text)?.[1];
  if (code === undefined) return text;
  const fault = BY_NET_ERROR[code] ?? (CERT.test(code) ? 'certUntrusted' : TLS.test(code) ? 'tls' : undefined);
  return fault === undefined ? `net::${code}` : namedFault(fault, `net::${code}`);
}
