/**
 * The closed model's options: -u and -r with their defaults (every user within the first second,
 * at most 100 a second), and each problem named with its flag.
 */
import { describe, expect, it } from 'vitest';
import type { LoadModelRaw } from '../../src/config/load-model.js';
import { Problems } from '../../src/config/problems.js';
import { parseClosedModel } from '../../src/protocol/closed-options.js';

/** The model and the problems' one line ('' when none). */
function parse(raw: LoadModelRaw) {
  const problems = new Problems();
  const model = parseClosedModel(raw, problems);
  let message = '';
  try {
    problems.throwIfAny();
  } catch (error) {
    message = (error as Error).message;
  }
  return { model, message };
}

describe('the closed model options', () => {
  it('start 10 users by default, all within the first second', () => {
    expect(parse({})).toEqual({ model: { kind: 'closed', users: 10, spawnRate: 10 }, message: '' });
  });

  it('start every user within the first second without -r, at most 100 a second, and at least 1', () => {
    expect(parse({ users: '40' }).model.spawnRate).toBe(40);
    expect(parse({ users: '100' }).model.spawnRate).toBe(100);
    expect(parse({ users: '101' }).model.spawnRate).toBe(100);
    expect(parse({ users: '5000' }).model.spawnRate).toBe(100);
    expect(parse({ users: '1' }).model.spawnRate).toBe(1);
    expect(parse({ users: '0' }).model).toEqual({ kind: 'closed', users: 0, spawnRate: 1 });
  });

  it('take -r as given, fractions included', () => {
    expect(parse({ users: '500', spawnRate: '250' }).model).toEqual({ kind: 'closed', users: 500, spawnRate: 250 });
    expect(parse({ users: '3', spawnRate: '0.5' }).model.spawnRate).toBe(0.5);
    expect(parse({ users: '3', spawnRate: '0.001' }).message).toBe('');
  });

  it('name each problem with its flag: the open model flags, a bad -u or -r', () => {
    expect(parse({ maxUsers: '10' }).message).toBe('--max-users/--max-backlog need --arrival-rate or --stages (open model)');
    expect(parse({ maxBacklog: '10' }).message).toBe('--max-users/--max-backlog need --arrival-rate or --stages (open model)');
    expect(parse({ users: '-1', spawnRate: '0' }).message).toBe(
      "2 problems: --users wants a whole number >= 0, got '-1'; --spawn-rate wants a number >= 0.001, got '0'",
    );
  });
});
