/**
 * The closed model's options (k6's per-executor Validate()), beside its executor (closed.ts):
 * -u users started at -r per second. The flags themselves are config's (src/config/load-model.ts).
 */
import { LOAD_DEFAULTS, type LoadModelRaw } from '../config/load-model.js';
import type { Problems } from '../config/problems.js';
import type { ClosedModel } from '../config/run-config.js';

/** Without -r every user starts within the first second, at most 100 per second. */
const MAX_DEFAULT_SPAWN_RATE = 100;

export function parseClosedModel(raw: LoadModelRaw, problems: Problems): ClosedModel {
  if (raw.maxUsers !== undefined || raw.maxBacklog !== undefined) problems.push('--max-users/--max-backlog need --arrival-rate or --stages (open model)');
  const users = problems.int('--users', raw.users, LOAD_DEFAULTS.users, 0);
  const defaultRate = Math.min(Math.max(users, 1), MAX_DEFAULT_SPAWN_RATE);
  return { kind: 'closed', users, spawnRate: problems.num('--spawn-rate', raw.spawnRate, defaultRate, 0.001) };
}
