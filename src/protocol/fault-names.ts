/**
 * How a protocol user's transport errors are named: undici's and Node's codes mapped onto the one
 * taxonomy (src/metrics/fault-names.ts, shared with browser users), "connection refused
 * (ECONNREFUSED)". The names are re-exported, so the protocol layers import from here alone.
 */

import { FAULT_NAMES, type Fault } from '../metrics/fault-names.js';
import { DECODE_FAULT_PREFIX } from '../schema/audit.js';

export { FAULT_NAMES, type Fault };

/** A fault this tool raises itself, whose parenthesis is a figure rather than a code. */
export class NamedFault extends Error {
  constructor(
    readonly fault: Fault,
    readonly detail: string,
  ) {
    super(`${FAULT_NAMES[fault]} (${detail})`);
    this.name = 'NamedFault';
  }
}

const BY_CODE: Readonly<Record<string, Fault>> = {
  ECONNREFUSED: 'refused',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  // undici's SocketError: the other side closed (FIN) while a response was still due.
  UND_ERR_SOCKET: 'closedEarly',
  UND_ERR_CONNECT_TIMEOUT: 'connectTimeout',
  ETIMEDOUT: 'connectTimeout',
  UND_ERR_HEADERS_TIMEOUT: 'headersTimeout',
  UND_ERR_BODY_TIMEOUT: 'bodyTimeout',
  UND_ERR_HEADERS_OVERFLOW: 'headersTooLarge',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  Z_DATA_ERROR: 'badContentEncoding',
  Z_BUF_ERROR: 'badContentEncoding',
  UND_ERR_ABORTED: 'aborted',
  UND_ERR_CLOSED: 'clientClosed',
  UND_ERR_DESTROYED: 'clientClosed',
};

/**
 * A body that does not decode as its Content-Encoding says: the encoding named, zlib's code in
 * parentheses ("body does not decode as gzip (Z_DATA_ERROR)"; a truncated stream is Z_BUF_ERROR).
 */
export function decodeFaultName(encoding: string, error: unknown): string {
  const err = (error ?? {}) as ErrorShape;
  const code = typeof err.code === 'string' ? err.code : (err.message ?? String(error)).split('\n')[0].slice(0, 60);
  return `${DECODE_FAULT_PREFIX}${encoding} (${code})`;
}

/**
 * Certificate and handshake failures come with many codes; these shapes cover Node's (OpenSSL's
 * verify codes for a refused certificate, ERR_SSL_/ERR_TLS_ for the handshake itself).
 */
const CERT_CODE = /^(CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH|ERR_TLS_CERT_ALTNAME_INVALID$)/;
const TLS_CODE = /^(ERR_SSL_|ERR_TLS_)/;

function tlsFault(code: string): Fault | undefined {
  if (CERT_CODE.test(code)) return 'certUntrusted';
  return TLS_CODE.test(code) ? 'tls' : undefined;
}

interface ErrorShape {
  code?: unknown;
  name?: string;
  message?: string;
  cause?: { code?: unknown };
}

/** The recorded name of a transport error: "name (CODE)", or a short first line for the unknown. */
export function faultName(error: unknown): string {
  if (error instanceof NamedFault) return error.message;
  const err = (error ?? {}) as ErrorShape;
  // DOMExceptions carry numeric codes (23 for a timeout): only string codes name a cause.
  const raw = typeof err.code === 'string' ? err.code : err.cause?.code;
  const code = typeof raw === 'string' ? raw : undefined;
  if (err.name === 'HTTPParserError') return `${FAULT_NAMES.invalidHttp} (${code ?? err.name})`;
  if (code === undefined) {
    if (err.name === 'TimeoutError') return `${FAULT_NAMES.totalTimeout} (TimeoutError)`;
    return (err.message ?? String(error)).split('\n')[0].slice(0, 120);
  }
  const fault = BY_CODE[code] ?? tlsFault(code);
  return fault === undefined ? code : `${FAULT_NAMES[fault]} (${code})`;
}
