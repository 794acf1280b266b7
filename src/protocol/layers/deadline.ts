/**
 * The whole exchange bounded by --request-timeout, as k6's `timeout` bounds it: connect, headers
 * and the complete body. undici's own timeouts are idle timeouts (the silence between chunks), so
 * a body that trickles a byte a second, or a chunked body that never ends, would never fail
 * without this layer. The clock starts when the request enters the path, so a connect that hangs
 * counts too. When it runs out the request is aborted and its failure names the phase that was
 * running: `connect timeout (N s)` while connecting (TCP and TLS), `headers timeout (N s)` while no
 * headers had come, else `total timeout (N s)` (the body, or a wait in the user's own queue).
 * The seconds in the parenthesis tell this clock from undici's idle ones, which carry their code.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';
import { NamedFault, type Fault } from '../fault-names.js';
import { ForwardingHandler, type Layer } from './layer.js';

/**
 * `connected` tells whether the user's connection is up. A request that was never sent was
 * queued, not connecting, when the connection was up as it entered or another of the user's
 * requests was sent while it waited (`sent` counts them).
 */
export function deadline(timeoutMs: number, connected: () => boolean): Layer {
  const sent = { count: 0 };
  return (dispatch) => (req, handler) => dispatch(req, new DeadlineHandler(timeoutMs, connected(), sent, handler));
}

class DeadlineHandler extends ForwardingHandler {
  private controller: Dispatcher.DispatchController | null = null;
  /** The fault named if the deadline passes now: it moves on as the exchange does. */
  private phase: Fault = 'connectTimeout';
  /** Set when the deadline passed or the exchange ended: later callbacks are not passed on. */
  private settled = false;
  private readonly timer: NodeJS.Timeout;
  /** How many of the user's requests had been sent when this one entered. */
  private readonly sentBefore: number;

  constructor(
    private readonly timeoutMs: number,
    private readonly connectedAtEntry: boolean,
    private readonly sent: { count: number },
    next: Dispatcher.DispatchHandler,
  ) {
    super(next);
    this.sentBefore = sent.count;
    this.timer = setTimeout(() => this.expire(), timeoutMs);
  }

  private fault(): NamedFault {
    return new NamedFault(this.phase, `${this.timeoutMs / 1000} s`);
  }

  private expire(): void {
    if (this.controller !== null) {
      // undici answers an abort with onResponseError(reason), which passes it on below.
      this.controller.abort(this.fault());
      return;
    }
    // Still connecting, or queued behind the user's own request on a live connection (then no one
    // phase ran out: the total did). Fail now, and abort the request if it ever reaches the wire.
    // There is no controller yet; the handlers above (recording, redirects, the user's) read none.
    if (this.connectedAtEntry || this.sent.count > this.sentBefore) this.phase = 'totalTimeout';
    this.settled = true;
    super.onResponseError(null as unknown as Dispatcher.DispatchController, this.fault());
  }

  override onRequestStart(controller: Dispatcher.DispatchController, context: unknown): void {
    this.controller = controller;
    this.sent.count += 1;
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

  override onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (!this.settled) super.onResponseData(controller, chunk);
  }

  override onResponseEnd(controller: Dispatcher.DispatchController, trailers: IncomingHttpHeaders): void {
    clearTimeout(this.timer);
    if (this.settled) return;
    this.settled = true;
    super.onResponseEnd(controller, trailers);
  }

  override onResponseError(controller: Dispatcher.DispatchController, error: Error): void {
    clearTimeout(this.timer);
    if (this.settled) return;
    this.settled = true;
    super.onResponseError(controller, error);
  }
}
