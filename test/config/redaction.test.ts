/**
 * The options as summary.json holds them: the kind of credentials and where they go, never the
 * API key or the password, the thresholds as written, everything else as it is.
 */
import { describe, expect, it } from 'vitest';
import { redactedOptions, type AuthSettings, type RunConfig } from '../../src/config/run-config.js';
import { parseThreshold, type ThresholdSpec } from '../../src/config/thresholds.js';

/** A config with these credentials (the other fields only need to be carried through). */
function configWith(auth: Partial<AuthSettings>): RunConfig {
  const threshold = parseThreshold('p95<500') as ThresholdSpec;
  return { host: 'http://h', seed: 7, thresholds: [threshold], auth: { apiKeyHeader: 'X-Key', loginPath: '/login/', ...auth } } as unknown as RunConfig;
}

describe('redactedOptions', () => {
  it('names a login as jwt, keeps the user, hides the password, and hides an API key beside it', () => {
    const written = redactedOptions(configWith({ username: 'admin', password: 'pw-secret', apiKey: 'key-secret' }));
    expect(written.auth).toEqual({ kind: 'jwt', apiKeyHeader: 'X-Key', apiKey: '[redacted]', username: 'admin', password: '[redacted]', loginPath: '/login/' });
    expect(JSON.stringify(written)).not.toMatch(/pw-secret|key-secret/);
  });

  it('names an API key alone as api-key, and no credentials as none', () => {
    expect(redactedOptions(configWith({ apiKey: 'key-secret' })).auth).toEqual({ kind: 'api-key', apiKeyHeader: 'X-Key', apiKey: '[redacted]', username: undefined, password: undefined, loginPath: '/login/' });
    expect(redactedOptions(configWith({})).auth).toEqual({ kind: 'none', apiKeyHeader: 'X-Key', apiKey: undefined, username: undefined, password: undefined, loginPath: '/login/' });
  });

  it('writes the thresholds as their expressions and every other option as it is', () => {
    expect(redactedOptions(configWith({}))).toMatchObject({ host: 'http://h', seed: 7, thresholds: ['p95<500'] });
  });
});
