/** Before any load: is the host there at all? A one-line error beats thousands of failures. */
import type { Dispatcher } from 'undici';
import { CannotRunError } from '../errors.js';
import { describeTransportError } from '../protocol/exchange.js';
import { FAULT_NAMES } from '../protocol/fault-names.js';
import { Client } from '../protocol/undici.js';

/** `insecure`: accept a self-signed certificate, as the users will (`--insecure`). */
export async function checkReachable(host: string, timeoutMs = 5000, insecure = false): Promise<void> {
  let client: InstanceType<typeof Client> | null = null;
  try {
    const url = new URL(host);
    client = new Client(url.origin, { headersTimeout: timeoutMs, bodyTimeout: timeoutMs, connect: { rejectUnauthorized: !insecure } });
    await getOnce(client, `${url.pathname}${url.search}`, timeoutMs);
  } catch (error) {
    const named = describeTransportError(error);
    const hint = named.startsWith(FAULT_NAMES.certUntrusted) ? '; --insecure accepts a self-signed test target' : '';
    throw new CannotRunError(`cannot reach ${host}: ${named}${hint}`);
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
