/**
 * Option group "live view": `--web [PORT]` serves a page to watch and steer the run, with
 * `/metrics` for Prometheus, on loopback unless `--web-host` says otherwise; beyond loopback it
 * needs `--web-auth user:password` (or BROWSE_LOAD_WEB_AUTH), since the page can stop the run and
 * change its load. Not part of the RunConfig: it changes how a run is watched, not what it measures,
 * so summary.json never holds it (nor its password).
 */
import { Option } from 'commander';
import type { Problems } from './problems.js';

export interface WebOptionsRaw {
  web?: string | boolean;
  webHost?: string;
  webAuth?: string;
}

export interface WebOptions {
  host: string;
  /** 0: a free port. */
  port: number;
  auth: { username: string; password: string } | null;
}

/** Locust's web UI port, for `--web` without one. */
export const DEFAULT_WEB_PORT = 8089;
export const DEFAULT_WEB_HOST = '127.0.0.1';

const HEADING = 'Live view:';

/** `--web-host` and `--web-auth` alone, for `ui` (which has `--port` for `--web`'s port). */
export function webBindOptions(): Option[] {
  return webOptions().filter((option) => option.long !== '--web');
}

export function webOptions(): Option[] {
  return [
    new Option('--web [port]', `serve the live view (and /metrics) while the run goes on; 0 = a free port (default ${DEFAULT_WEB_PORT})`),
    new Option('--web-host <addr>', `where the live view listens (default ${DEFAULT_WEB_HOST}; beyond loopback needs --web-auth)`),
    new Option('--web-auth <user:password>', 'basic auth for every page, event stream, download and /metrics of the live view'),
  ].map((option) => option.helpGroup(HEADING));
}

/** 127.0.0.0/8, ::1 and localhost: what only this machine can reach. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

export function parseWebOptions(raw: WebOptionsRaw, problems: Problems): WebOptions | null {
  if (raw.web === undefined || raw.web === false) {
    if (raw.webHost !== undefined) problems.push('--web-host needs --web');
    return null;
  }
  return bindOf('--web', raw.web === true ? undefined : raw.web, raw, problems);
}

/** `ui`'s server: `--port` (default Locust's 8089), with `--web-host` and `--web-auth` as `run --web` has them. */
export function parseUiWebOptions(raw: Omit<WebOptionsRaw, 'web'> & { port?: string }, problems: Problems): WebOptions {
  return bindOf('--port', raw.port, raw, problems);
}

/** Where a live server listens: the port, the host, and credentials, which beyond loopback it must have. */
function bindOf(flag: string, portText: string | undefined, raw: WebOptionsRaw, problems: Problems): WebOptions {
  const port = problems.int(flag, portText, DEFAULT_WEB_PORT, 0);
  if (port > 65535) problems.push(`${flag} wants a port from 0 to 65535, got '${port}'`);
  const host = raw.webHost ?? DEFAULT_WEB_HOST;
  const auth = raw.webAuth === undefined ? null : credentials(raw.webAuth, problems);
  if (raw.webAuth === undefined && !isLoopback(host)) {
    problems.push(`--web-host ${host} opens the live view (which can stop the run) beyond this machine: give --web-auth user:password (or BROWSE_LOAD_WEB_AUTH)`);
  }
  return { host, port, auth };
}

/** The value is a secret: a problem with it never repeats it. */
function credentials(value: string, problems: Problems): WebOptions['auth'] {
  const colon = value.indexOf(':');
  if (colon <= 0 || colon === value.length - 1) {
    problems.push('--web-auth wants user:password (both non-empty)');
    return null;
  }
  return { username: value.slice(0, colon), password: value.slice(colon + 1) };
}
