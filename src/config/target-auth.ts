/**
 * Option group "target and auth": where the system under test is, how each request reaches it
 * (credentials, timeout, redirects). Credential precedence lives here and nowhere else: a flag beats the
 * environment, BROWSE_LOAD_* and LOCUST_* names both count, and a fallback key (the demo
 * target's) applies only when no credential came from anywhere.
 */
import { Option } from 'commander';
import { parseDuration } from './duration.js';
import type { AuthSettings } from './run-config.js';
import type { Problems } from './problems.js';

export interface TargetAuthRaw {
  host?: string;
  apiKey?: string;
  apiKeyHeader?: string;
  username?: string;
  password?: string;
  loginPath?: string;
  requestTimeout?: string;
  maxRedirects?: string;
  insecure?: boolean;
  http2?: boolean;
}

/**
 * How the users' connections speak to the target, present only when asked for (so other runs'
 * options keep their keys): `--insecure` accepts a certificate no authority signed (a self-signed
 * test target, the demo target's `--tls`), `--http2` lets protocol users speak HTTP/2 where the
 * server offers it by ALPN, as browsers do (browser users always do).
 */
export interface TransportSettings {
  insecure?: true;
  http2?: true;
}

export interface TargetAuth {
  host: string;
  auth: AuthSettings;
  requestTimeoutMs: number;
  /** Redirects followed per request; 0 follows none (the 30x is the answer). */
  maxRedirects: number;
  transport: TransportSettings;
}

export const TARGET_AUTH_DEFAULTS = { apiKeyHeader: 'X-API-Key', loginPath: '/api/token/', requestTimeout: '30s', maxRedirects: 10 } as const;

const HEADING = 'Target and auth:';
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export function targetAuthOptions(): Option[] {
  const d = TARGET_AUTH_DEFAULTS;
  return [
    new Option('-H, --host <url>', 'base URL of the system under test (env HOST, LOCUST_HOST)'),
    new Option('--api-key <key>', 'API key for /api/* (env BROWSE_LOAD_API_KEY, LOCUST_API_KEY)'),
    new Option('--api-key-header <name>', `header that carries the API key (default ${d.apiKeyHeader})`),
    new Option('--username <name>', 'JWT login user (env LOCUST_USERNAME, BROWSE_LOAD_USERNAME)'),
    new Option('--password <password>', 'JWT login password (env LOCUST_PASSWORD, BROWSE_LOAD_PASSWORD)'),
    new Option('--login-path <path>', `JWT login path (default ${d.loginPath})`),
    new Option('--request-timeout <duration>', `deadline of each whole request: connect, headers and body (default ${d.requestTimeout})`),
    new Option('--max-redirects <n>', `redirects followed per request, each hop recorded; 0 follows none (default ${d.maxRedirects})`),
    new Option('--insecure', 'accept TLS certificates no authority signed (a self-signed test target), for protocol and browser users'),
    new Option('--http2', 'protocol users speak HTTP/2 when an https target offers it, as browsers do (default HTTP/1.1)'),
  ].map((option) => option.helpGroup(HEADING));
}

/** The credentials given by flags or the environment, before any fallback. */
export function givenCredentials(raw: TargetAuthRaw, env: NodeJS.ProcessEnv): Pick<AuthSettings, 'apiKey' | 'username' | 'password'> {
  return {
    apiKey: raw.apiKey ?? env.BROWSE_LOAD_API_KEY ?? env.LOCUST_API_KEY,
    username: raw.username ?? env.LOCUST_USERNAME ?? env.BROWSE_LOAD_USERNAME,
    password: raw.password ?? env.LOCUST_PASSWORD ?? env.BROWSE_LOAD_PASSWORD,
  };
}

export function parseTargetAuth(raw: TargetAuthRaw, env: NodeJS.ProcessEnv, problems: Problems, fallbackApiKey?: string): TargetAuth {
  const host = parseHost(raw.host ?? env.HOST ?? env.LOCUST_HOST, problems);
  const given = givenCredentials(raw, env);
  if ((given.username === undefined) !== (given.password === undefined)) problems.push('--username and --password go together');
  const none = given.apiKey === undefined && given.username === undefined && given.password === undefined;
  if (raw.loginPath !== undefined && !raw.loginPath.startsWith('/')) problems.push(`--login-path wants a path starting with /, got '${raw.loginPath}'`);
  if (raw.apiKeyHeader !== undefined && !HEADER_NAME.test(raw.apiKeyHeader)) problems.push(`--api-key-header wants an HTTP header name, got '${raw.apiKeyHeader}'`);
  return {
    host,
    auth: {
      ...given,
      apiKey: none ? fallbackApiKey : given.apiKey,
      apiKeyHeader: raw.apiKeyHeader ?? TARGET_AUTH_DEFAULTS.apiKeyHeader,
      loginPath: raw.loginPath ?? TARGET_AUTH_DEFAULTS.loginPath,
    },
    requestTimeoutMs: parseRequestTimeoutMs(raw.requestTimeout, problems),
    maxRedirects: problems.int('--max-redirects', raw.maxRedirects, TARGET_AUTH_DEFAULTS.maxRedirects, 0),
    transport: { ...(raw.insecure === true && { insecure: true }), ...(raw.http2 === true && { http2: true }) },
  };
}

/** A deadline of 0 would fail every request before it is sent. */
function parseRequestTimeoutMs(text: string | undefined, problems: Problems): number {
  const seconds = problems.duration('--request-timeout', text, TARGET_AUTH_DEFAULTS.requestTimeout);
  if (seconds > 0) return seconds * 1000;
  problems.push(`--request-timeout must be longer than 0s, got '${text}'`);
  return parseDuration(TARGET_AUTH_DEFAULTS.requestTimeout)! * 1000;
}

function parseHost(text: string | undefined, problems: Problems): string {
  if (!text) {
    problems.push('--host is required (e.g. --host http://127.0.0.1:8000; `browse-load demo-target` serves one)');
    return '';
  }
  try {
    const url = new URL(text);
    if (url.protocol === 'http:' || url.protocol === 'https:') {
      // A base path is kept, as Locust does: paths of the flow are appended to it.
      return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
    }
  } catch {
    // not a URL at all: the same answer as a wrong scheme
  }
  problems.push(`--host wants an http(s) URL, got '${text}'`);
  return '';
}
