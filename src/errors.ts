/**
 * Exit codes and the one error type the user sees. Anything thrown as a UserFacingError (a
 * UsageError, a CannotRunError) is printed as one line (the stack only with --debug); the codes are documented
 * in the README and are what CI scripts rely on.
 */
export const EXIT = {
  ok: 0,
  /** A threshold failed; without thresholds, requests failed (--exit-code-on-error, default 1). */
  thresholdFailed: 1,
  usage: 2,
  stoppedByUser: 3,
  /** The run could not start: host unreachable, Chromium missing. */
  cannotRun: 4,
  /** A bug in browse-load itself. */
  internal: 5,
  /** Requests were sent but not one completed within the run (all cut at stop): nothing measured. */
  noneCompleted: 6,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error with a one-line message for the user and the exit code that goes with it. */
export class UserFacingError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'UserFacingError';
  }
}

/** Bad flags, bad flow file, bad configuration: exit 2. */
export class UsageError extends UserFacingError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, EXIT.usage, options);
    this.name = 'UsageError';
  }
}

/** The environment stops the run (unreachable host, missing browser): exit 4. */
export class CannotRunError extends UserFacingError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, EXIT.cannotRun, options);
    this.name = 'CannotRunError';
  }
}

/** Prints an error as one line on stderr and returns the exit code to use. */
export function reportError(error: unknown, debug = false): ExitCode {
  if (error instanceof UserFacingError) {
    process.stderr.write(`browse-load: ${error.message}\n`);
    if (debug && error.stack) process.stderr.write(`${error.stack}\n`);
    // The cause is where it went wrong (a flow file that threw): its stack is the useful one.
    if (debug && error.cause instanceof Error && error.cause.stack) process.stderr.write(`caused by: ${error.cause.stack}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`browse-load: internal error: ${message.split('\n')[0]} (run with --debug for details)\n`);
  if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  return EXIT.internal;
}
