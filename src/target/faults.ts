/**
 * Injected faults: latency (--latency, --latency-for, --jitter), errors (--error-rate on
 * /api/*) and stalls (--stall). Each hook is added only when its option is set, so the
 * default server pays nothing for them. Random choices come from the seed.
 */
import type { FastifyInstance } from 'fastify';
import { pathLookup, pathOf, type ResolvedOptions } from './options.js';
import { seededRandom } from '../random.js';

/** Shared with the server: stall windows are counted from `startedAt` (epoch ms). */
export interface Clock {
  startedAt: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * When `now` falls in a stall window, the time that window ends; otherwise null. Windows
 * start every `everySeconds` after `startedAt` (the first one `everySeconds` after start)
 * and last `ms`.
 */
export function stallEndsAt(startedAt: number, stall: { ms: number; everySeconds: number }, now: number): number | null {
  const period = stall.everySeconds * 1000;
  const elapsed = now - startedAt;
  const k = Math.floor(elapsed / period);
  if (k < 1) return null;
  const windowStart = startedAt + k * period;
  return now < windowStart + stall.ms ? windowStart + stall.ms : null;
}

export function registerFaults(app: FastifyInstance, o: ResolvedOptions, clock: Clock): void {
  const { stall } = o;
  if (stall) {
    // Requests that arrive during a stall wait for its end, and so do responses that are
    // ready during one (requests in flight): nothing leaves the server while it is stalled.
    const hold = async () => {
      const end = stallEndsAt(clock.startedAt, stall, Date.now());
      if (end !== null) await sleep(end - Date.now());
    };
    app.addHook('onRequest', hold);
    app.addHook('onSend', async (_request, _reply, payload) => {
      await hold();
      return payload;
    });
  }

  const latencyFor = pathLookup(o.latencyFor);
  const hasLatency = o.latencyMs > 0 || Object.keys(o.latencyFor).length > 0;
  if (hasLatency || o.jitterMs > 0) {
    const jitter = seededRandom(o.seed + 101);
    app.addHook('onRequest', async (request) => {
      const base = latencyFor(pathOf(request.url)) ?? o.latencyMs;
      const ms = base + (o.jitterMs > 0 ? jitter() * o.jitterMs : 0);
      if (ms > 0) await sleep(ms);
    });
  }

  if (o.errorRate > 0) {
    const chance = seededRandom(o.seed + 202);
    app.addHook('onRequest', async (request, reply) => {
      if (!request.url.startsWith('/api/') || chance() >= o.errorRate) return;
      return reply.code(500).send({ detail: 'Internal server error (injected by --error-rate).' });
    });
  }
}
