/** Starts the protocol users of a run with the load model the config asks for. */
import type { RunConfig } from '../config/run-config.js';
import type { ProtocolUsers } from '../flow-api/api.js';
import type { Recorder } from '../metrics/types.js';
import { createAuth } from '../protocol/auth.js';
import { ClosedExecutor } from '../protocol/closed.js';
import { OpenExecutor } from '../protocol/open.js';
import { Population } from '../protocol/population.js';
import { filterTasks } from '../protocol/tasks.js';
import type { OpenModelInfo } from '../schema/summary.js';
import { TOOL_VERSION } from '../version.js';

export interface ProtocolUsersRun {
  readonly activeUsers: number;
  stop(graceMs: number): Promise<void>;
  /** End of warm-up: the open model's counters start again with the stats. */
  resetStats(): void;
  openModelInfo(): OpenModelInfo | undefined;
}

export function startProtocolUsers(config: RunConfig, flow: ProtocolUsers, recorder: Recorder): ProtocolUsersRun {
  const tasks = filterTasks(flow.tasks, config.tags, config.excludeTags);
  const population = new Population(flow, tasks, recorder, createAuth(config.auth), {
    seed: config.seed,
    user: {
      origin: config.host,
      requestTimeoutMs: config.requestTimeoutMs,
      maxRedirects: config.maxRedirects,
      revalidateAll: config.revalidate,
      openModel: config.model.kind === 'open',
      userAgent: `browse-load/${TOOL_VERSION}`,
    },
  });
  const model = config.model;
  const executor = model.kind === 'open' ? new OpenExecutor(population, model) : new ClosedExecutor(population, model);
  executor.start();
  return {
    get activeUsers() {
      return executor.activeUsers;
    },
    stop: (graceMs) => executor.stop(graceMs),
    resetStats: () => {
      if (executor instanceof OpenExecutor) executor.resetCounts();
    },
    openModelInfo: () => (executor instanceof OpenExecutor ? executor.info() : undefined),
  };
}
