/** Before any load: is the host there at all? A one-line error beats thousands of failures. */
import { request } from 'undici';
import { CannotRunError } from '../errors.js';
import { describeTransportError } from '../protocol/exchange.js';

export async function checkReachable(host: string, timeoutMs = 5000): Promise<void> {
  try {
    const res = await request(host, { method: 'GET', headersTimeout: timeoutMs, bodyTimeout: timeoutMs, signal: AbortSignal.timeout(timeoutMs) });
    await res.body.dump();
  } catch (error) {
    throw new CannotRunError(`cannot reach ${host}: ${describeTransportError(error)}`);
  }
}
