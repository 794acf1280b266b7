/** Whether a promise settles within the current turn: its pending microtasks and one check phase. */
export async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  // setImmediate, which the fake-timer tests leave real: a check phase runs after every microtask.
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}
