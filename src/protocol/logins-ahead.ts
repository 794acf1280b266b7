/**
 * JWT logins before a common start (`--start-at`): a process gets ready, logins included, before it
 * waits, so that the measured run begins with logged-in users rather than a burst of logins. Each
 * login goes through a user of its own number (the same seed, the same request) recording into a
 * recorder of its own, which the run never reads: the logins' time is not the run's. The users
 * then start with their token; one whose login failed logs in again when it starts, recorded in
 * the run under the login path's row as every login is without --start-at, so a refused login is
 * still named in the run's figures and its error report.
 */
import type { LoadModel } from '../config/run-config.js';
import { MetricsRecorder } from '../metrics/recorder.js';
import type { Auth } from './auth.js';
import { type Part, globalNumber, shareOf } from './split.js';
import { type UserSettings, VirtualUser } from './user.js';

/** Logins in flight at once: enough to hide each one's round trip, few enough to spare the server. */
const CONCURRENT_LOGINS = 32;

/** How the logins ahead went, without the tokens (what a worker thread tells the main thread). */
export interface LoginCounts {
  readonly attempted: number;
  readonly failed: number;
  /** The first failure's error ("HTTP 401"), for the run's warning; null when none failed. */
  readonly firstError: string | null;
  /** Wall time of the login pass (the slowest worker thread's, for several). */
  readonly durationMs: number;
}

/** What the logins ahead gave: each user's token by its global number (1-based), and the counts. */
export interface LoginsAhead extends LoginCounts {
  readonly tokens: ReadonlyMap<number, string>;
}

export const NO_LOGINS: LoginsAhead = { tokens: new Map(), attempted: 0, failed: 0, firstError: null, durationMs: 0 };

/**
 * The global numbers (1-based) of the users this part starts, in the order it starts them: the
 * closed model's users; in the open model, those it makes in its first second at the peak rate
 * (at most its share of --max-users), since its users are made as arrivals need them. Users
 * beyond these log in when they start, as without --start-at.
 */
export function usersToLogIn(model: LoadModel, part: Part): number[] {
  const total = model.kind === 'closed' ? model.users : Math.min(model.maxUsers, Math.ceil(Math.max(model.startRate, ...model.stages.map((s) => s.rate))));
  return Array.from({ length: shareOf(part, total) }, (_, local) => globalNumber(part, local) + 1);
}

/** Logs in the users `ids` (JWT only; nothing to do for other auth), CONCURRENT_LOGINS at a time. */
export async function logInAhead(auth: Auth, ids: readonly number[], settings: UserSettings, seed: number): Promise<LoginsAhead> {
  if (auth.kind !== 'jwt' || ids.length === 0) return NO_LOGINS;
  const startedAt = Date.now();
  const recorder = new MetricsRecorder();
  const tokens = new Map<number, string>();
  let next = 0;
  const loginLoop = async (): Promise<void> => {
    while (next < ids.length) {
      const id = ids[next++];
      const user = new VirtualUser(id, settings, recorder, auth, seed);
      if ((await user.login()) && user.session.token !== null) tokens.set(id, user.session.token);
      await user.close(false);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENT_LOGINS, ids.length) }, loginLoop));
  const failures = recorder.snapshot().failures;
  return { tokens, attempted: ids.length, failed: ids.length - tokens.size, firstError: failures[0]?.error ?? null, durationMs: Date.now() - startedAt };
}

/** The logins of several parts (worker threads) as one. */
export function sumLogins(parts: readonly LoginCounts[]): LoginCounts {
  return {
    attempted: parts.reduce((n, p) => n + p.attempted, 0),
    failed: parts.reduce((n, p) => n + p.failed, 0),
    firstError: parts.find((p) => p.firstError !== null)?.firstError ?? null,
    durationMs: Math.max(0, ...parts.map((p) => p.durationMs)),
  };
}

/** What getting ready took for the logins: "logged in 50 users before the start in 0.42 s". */
export function loginsNote(logins: LoginCounts): string {
  return `logged in ${logins.attempted - logins.failed} of ${logins.attempted} users before the start in ${(logins.durationMs / 1000).toFixed(2)} s`;
}

/** The run's warning when logins before the start failed; null when every one succeeded. */
export function loginsWarning(logins: LoginCounts): string | null {
  if (logins.failed === 0) return null;
  return `${logins.failed} of ${logins.attempted} logins before the start failed (${logins.firstError ?? 'no token in the answer'}): those users log in again when they start`;
}
