/** Before any load: is the host there at all? A one-line error beats thousands of failures. */
import type { Dispatcher } from 'undici';
import { CannotRunError } from '../errors.js';
import { describeTransportError } from '../protocol/exchange.js';
import { Client } from '../protocol/undici.js';

export async function checkReachable(host: string, timeoutMs = 5000): Promise<void> {
  let client: InstanceType<typeof Client> | null = null;
  try {
    const url = new URL(host);
    client = new Client(url.origin, { headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
    await getOnce(client, `${url.pathname}${url.search}`, timeoutMs);
  } catch (error) {
    throw new CannotRunError(`cannot reach ${host}: ${describeTransportError(error)}`);
  } finally {
    void client?.destroy().catch(() => {});
  }
}

/**
 * One GET, its body read and dropped, within timeoutMs in all. Through a Client of its own (not
 * undici's request(), which needs undici's whole index loaded: a tenth of a CPU-second a start).
 */
function getOnce(client: InstanceType<typeof Client>, path: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const signal = AbortSignal.timeout(timeoutMs);
    const handler: Dispatcher.DispatchHandler = {
      onRequestStart(controller) {
        if (signal.aborted) controller.abort(signal.reason as Error);
        else signal.addEventListener('abort', () => controller.abort(signal.reason as Error), { once: true });
      },
      onResponseEnd: () => resolve(),
      onResponseError: (_controller, error) => reject(error),
    };
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    client.dispatch({ method: 'GET', path }, handler);
  });
}
