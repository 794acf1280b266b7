/**
 * A worker thread's side of `--workers N`: it loads the flow itself (a function cannot cross
 * threads), runs its stripe of the protocol users with its own undici clients and its own
 * MetricsRecorder (with --start-at its users log in before it says it is ready), and answers the
 * main thread's tick, reset, stop and collect messages. The main thread loaded the same flow
 * first, so a flow that throws at load has already failed there, once.
 */
import { performance as nodePerformance, type EventLoopUtilization } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import type { Flow } from '../flow-api/api.js';
import { loadFlowFile, urlFlow } from '../flow-api/load.js';
import { MetricsRecorder } from '../metrics/recorder.js';
import { type InThreadUsers, logInUsersHere, startUsersHere } from './protocol-users.js';
import type { FromWorker, ToWorker, WorkerSetup } from './worker-messages.js';

const port = parentPort!;
const { config, part, compiledFlow } = workerData as WorkerSetup;
const send = (message: FromWorker) => port.postMessage(message);

async function loadFlow(): Promise<Flow> {
  return config.urls.length > 0 ? urlFlow(config.urls) : (await loadFlowFile(compiledFlow ?? config.flowFile)).flow;
}

async function main(): Promise<void> {
  let flow: Flow;
  try {
    flow = await loadFlow();
  } catch (error) {
    send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    return;
  }
  const protocol = flow.protocol;
  if (!protocol) {
    send({ type: 'failed', message: 'the flow has no protocol users' });
    return;
  }
  // Ready means logged in too (--start-at): the logins' time is not the run's.
  const logins = await logInUsersHere(config, part);
  // Made at the start, as the main thread's is, so the series does not begin with the flow's load.
  let recorder = new MetricsRecorder({ maxNames: config.maxNames });
  let users: InThreadUsers | null = null;
  // This thread's own event loop, tick to tick: a saturated worker skews its users' timings
  // while the main thread idles, so the main thread's loop alone cannot tell.
  let lastLoop: EventLoopUtilization = nodePerformance.eventLoopUtilization();
  const loopBusyPct = (): number => {
    const loop = nodePerformance.eventLoopUtilization();
    const pct = nodePerformance.eventLoopUtilization(loop, lastLoop).utilization * 100;
    lastLoop = loop;
    return Math.round(pct * 10) / 10;
  };
  port.on('message', (message: ToWorker) => {
    switch (message.type) {
      case 'start':
        recorder = new MetricsRecorder({ maxNames: config.maxNames });
        // performance.now() counts from this thread's own origin: convert the shared epoch start.
        users = startUsersHere(config, protocol, recorder, { thread: part, startedAt: message.originEpochMs - performance.timeOrigin, joinAt: message.joinEpochMs - performance.timeOrigin, logins });
        void users.iterationsDone?.then(() => send({ type: 'iterations-done' }));
        break;
      case 'tick':
        recorder.setUsers(users?.activeUsers ?? 0, 0);
        recorder.tick(message.now);
        send({ type: 'tick', activeUsers: users?.activeUsers ?? 0, point: recorder.lastPoint(), eventLoopPct: loopBusyPct() });
        break;
      case 'reset': {
        const before = recorder.snapshot(message.now);
        recorder.reset(message.now);
        users?.resetCounts();
        send({ type: 'reset', before });
        break;
      }
      case 'stop':
        void (users?.stop(message.graceMs) ?? Promise.resolve()).then(() => {
          recorder.tick(Date.now());
          send({ type: 'stopped' });
        });
        break;
      case 'resize':
        users?.resize(message.target, message.atS);
        break;
      case 'collect':
        send({ type: 'collect', snapshot: recorder.snapshot(message.endedAt), openModel: users?.openModelInfo() });
        break;
    }
  });
  const { tokens: _tokens, ...counts } = logins;
  send({ type: 'ready', logins: counts });
}

void main();
