/**
 * A wait on Chromium that may never end: a frame a page that paints nothing never gives, the
 * evaluation of a page whose navigation has not committed, a stuck main thread, a close, a trace
 * write. `within` gives the work's result, or `late` once `ms` passed or when the work failed;
 * the work itself goes on, and its later rejection (when its page closes) is swallowed.
 */
export async function within<T>(work: Promise<T>, ms: number, late: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<T>((resolve) => (timer = setTimeout(() => resolve(late), ms)));
  try {
    return await Promise.race([work.catch(() => late), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
