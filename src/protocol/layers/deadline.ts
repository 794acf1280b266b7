/**
 * The whole exchange bounded by --request-timeout, as k6's `timeout` bounds it: connect, headers
 * and the complete body. undici's own timeouts are idle timeouts (the silence between chunks), so
 * a body that trickles a byte a second, or a chunked body that never ends, would never fail
 * without this layer. The clock starts when the request enters the path, so a connect that hangs
 * counts too. When it runs out the request is aborted and its failure names the phase that was
 * running: `connect timeout (N s)` while connecting (TCP and TLS), `headers timeout (N s)` while no
 * headers had come, else `total timeout (N s)` (the body, or a wait in the user's own queue).
 * The seconds in the parenthesis tell this clock from undici's idle ones, which carry their code.
 *
 * No timer per request: a timer per request cost a Timeout object, its async-hook set-up and a
 * clearTimeout on every exchange, about a tenth of our own CPU per request at full speed. Every
 * request of a user has the same deadline length, so the user's requests in flight, kept in the
 * order they entered, are also in the order they fall due: one timer per user, armed for the
 * oldest, does. A request that ends leaves the list and the timer alone; when the timer fires it
 * fails the request it was armed for and any older one still in flight, and re-arms for the next
 * oldest, so a busy user arms about one timer per deadline length instead of one per request.
 * Which requests are due is decided by the order they entered, not by reading a clock: a timer
 * fires on the event loop's cached time, a little before performance.now() says the time is up,
 * and a request found "not yet due" would lose its place to undici's own (coarser) timeouts.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';
import { NamedFault, type Fault } from '../fault-names.js';
import { ForwardingHandler, type Layer } from './layer.js';

/**
 * `connected` tells whether the user's connection is up. A request that was never sent was
 * queued, not connecting, when the connection was up as it entered or another of the user's
 * requests was sent while it waited (the clock counts the sends).
 */
export function deadline(timeoutMs: number, connected: () => boolean): Layer {
  const clock = new DeadlineClock(timeoutMs);
  return (dispatch) => (req, handler) => dispatch(req, new DeadlineHandler(clock, connected(), handler));
}

/** Timers fire on the event loop's time, counted in whole milliseconds. */
const SAME_TIME_MS = 1;

/** One user's requests in flight, oldest first, and the one timer that fails them when due. */
class DeadlineClock {
  /** How many of the user's requests have been sent (reached the wire). */
  sent = 0;
  private oldest: DeadlineHandler | null = null;
  private newest: DeadlineHandler | null = null;
  /** Requests that entered so far: each one's number, in order. */
  private entered = 0;
  /** The number of the request the timer is armed for; 0 when no timer is armed. */
  private armedFor = 0;
  private readonly fire = (): void => this.expireDue();

  constructor(readonly timeoutMs: number) {}

  /** Starts a request's clock: it falls due timeoutMs from now. */
  enter(h: DeadlineHandler): void {
    h.number = ++this.entered;
    h.dueAt = performance.now() + this.timeoutMs;
    h.older = this.newest;
    if (this.newest === null) this.oldest = h;
    else this.newest.newer = h;
    this.newest = h;
    if (this.armedFor === 0) this.arm(h, this.timeoutMs);
  }

  /** A request that ended (or expired) leaves the list; the timer stays as it is. */
  leave(h: DeadlineHandler): void {
    if (h.older === null && this.oldest !== h) return; // already gone
    if (h.older === null) this.oldest = h.newer;
    else h.older.newer = h.newer;
    if (h.newer === null) this.newest = h.older;
    else h.newer.older = h.older;
    h.older = null;
    h.newer = null;
  }

  private arm(h: DeadlineHandler, ms: number): void {
    this.armedFor = h.number;
    // Unref'd: a request in flight holds its socket, which keeps the process alive; the timer,
    // left armed after the last request ended, must not.
    setTimeout(this.fire, ms).unref();
  }

  private expireDue(): void {
    const due = this.armedFor;
    this.armedFor = 0;
    // Requests that entered within a millisecond of the one the timer was armed for fall due with
    // it, as a timer each would have (one event-loop time, one timer list run): a request queued
    // behind the one aborted here fails as queued, before undici can send it.
    const now = performance.now() + SAME_TIME_MS;
    let head = this.oldest;
    while (head !== null && (head.number <= due || head.dueAt <= now)) {
      this.leave(head);
      head.expire();
      head = this.oldest;
    }
    if (head !== null) this.arm(head, Math.max(1, head.dueAt - performance.now()));
  }
}

class DeadlineHandler extends ForwardingHandler {
  /** Its place in the order the user's requests entered, and when it falls due (performance.now() ms). */
  number = 0;
  dueAt = 0;
  /** The list links, oldest to newest. */
  older: DeadlineHandler | null = null;
  newer: DeadlineHandler | null = null;
  private controller: Dispatcher.DispatchController | null = null;
  /** The fault named if the deadline passes now: it moves on as the exchange does. */
  private phase: Fault = 'connectTimeout';
  /** Set when the deadline passed or the exchange ended: later callbacks are not passed on. */
  private settled = false;
  /** How many of the user's requests had been sent when this one entered. */
  private readonly sentBefore: number;

  constructor(
    private readonly clock: DeadlineClock,
    private readonly connectedAtEntry: boolean,
    next: Dispatcher.DispatchHandler,
  ) {
    super(next);
    this.sentBefore = clock.sent;
    clock.enter(this);
  }

  private fault(): NamedFault {
    return new NamedFault(this.phase, `${this.clock.timeoutMs / 1000} s`);
  }

  /** The deadline passed (the clock already took this request off its list). */
  expire(): void {
    if (this.controller !== null) {
      // undici answers an abort with onResponseError(reason), which passes it on below.
      this.controller.abort(this.fault());
      return;
    }
    // Still connecting, or queued behind the user's own request on a live connection (then no one
    // phase ran out: the total did). Fail now, and abort the request if it ever reaches the wire.
    // There is no controller yet; the handlers above (recording, redirects, the user's) read none.
    if (this.connectedAtEntry || this.clock.sent > this.sentBefore) this.phase = 'totalTimeout';
    this.settled = true;
    super.onResponseError(null as unknown as Dispatcher.DispatchController, this.fault());
  }

  override onRequestStart(controller: Dispatcher.DispatchController, context: unknown): void {
    this.controller = controller;
    this.clock.sent += 1;
    this.phase = 'headersTimeout';
    if (this.settled) {
      controller.abort(this.fault());
      return;
    }
    super.onRequestStart(controller, context);
  }

  override onResponseStart(controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders, statusMessage?: string): void {
    this.phase = 'totalTimeout';
    if (!this.settled) super.onResponseStart(controller, statusCode, headers, statusMessage);
  }

  override onResponseEnd(controller: Dispatcher.DispatchController, trailers: IncomingHttpHeaders): void {
    if (this.settled) return;
    this.settled = true;
    this.clock.leave(this);
    super.onResponseEnd(controller, trailers);
  }

  override onResponseError(controller: Dispatcher.DispatchController, error: Error): void {
    if (this.settled) return;
    this.settled = true;
    this.clock.leave(this);
    super.onResponseError(controller, error);
  }
}
