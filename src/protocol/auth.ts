/**
 * Credentials for /api/*: an API key header, or a JWT login per user (Locust's on_start login).
 * Secrets live only here and in the user's session; everything written out is redacted.
 */
import type { AuthSettings } from '../config/run-config.js';
import type { HttpClient } from '../flow-api/api.js';

export type { AuthSettings };

/** Per-user auth state. */
export interface AuthSession {
  token: string | null;
}

export interface Auth {
  readonly kind: 'none' | 'api-key' | 'jwt';
  /** Adds the credentials to a request's (lower-case) headers, unless they carry their own. */
  apply(headers: Record<string, string>, session: AuthSession): void;
  /** Logs in (JWT); the login request is recorded under its own name. Returns success. */
  login(http: HttpClient, session: AuthSession): Promise<boolean>;
}

export function createAuth(settings: AuthSettings): Auth {
  if (settings.username !== undefined && settings.password !== undefined) return jwtAuth(settings);
  if (settings.apiKey !== undefined) return apiKeyAuth(settings.apiKeyHeader.toLowerCase(), settings.apiKey);
  return { kind: 'none', apply() {}, login: async () => true };
}

function apiKeyAuth(header: string, key: string): Auth {
  return {
    kind: 'api-key',
    apply(headers) {
      headers[header] ??= key;
    },
    login: async () => true,
  };
}

function jwtAuth(settings: AuthSettings): Auth {
  return {
    kind: 'jwt',
    apply(headers, session) {
      if (session.token !== null) headers.authorization ??= `Bearer ${session.token}`;
    },
    async login(http, session) {
      const res = await http.post(settings.loginPath, {
        json: { username: settings.username, password: settings.password },
        auth: false,
        expect: 200,
      });
      if (!res.ok) {
        session.token = null;
        return false;
      }
      try {
        const access = res.json<{ access?: unknown }>().access;
        session.token = typeof access === 'string' ? access : null;
      } catch {
        session.token = null;
      }
      return session.token !== null;
    },
  };
}

/** The secret values of the settings, for redaction of anything written out. */
export function secretsOf(settings: Partial<AuthSettings>): string[] {
  return [settings.apiKey, settings.password].filter((s): s is string => typeof s === 'string' && s.length > 0);
}
