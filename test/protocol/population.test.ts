/**
 * What both executors share, without a network: a user logs in only with a JWT and only when no
 * token was got before the start, onStart and onStop run around its life (not onStop when it is
 * cut), a flow bug is counted instead of crashing, the -i budget is spent one task at a time, and
 * the task's duration and the think time after it are what the flow's wait time is given.
 */
import { type AddressInfo, type Socket, createServer } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ProtocolUsers, Task, UserContext } from '../../src/flow-api/api.js';
import { constant, pacing } from '../../src/flow-api/think.js';
import { MetricsRecorder } from '../../src/metrics/recorder.js';
import type { Auth } from '../../src/protocol/auth.js';
import { ClosedExecutor } from '../../src/protocol/closed.js';
import { Population, type PopulationSettings } from '../../src/protocol/population.js';
import { until } from '../helpers.js';
import { settled } from './settled.js';

const user = { origin: 'http://127.0.0.1:9', requestTimeoutMs: 1000, revalidateAll: false, openModel: false, userAgent: 'test' };

afterEach(() => {
  vi.useRealTimers();
});

/** An auth of the given kind whose login gives user N the token `fresh-N` without a request. */
function fakeAuth(kind: Auth['kind'], logins: number[]): Auth {
  return {
    kind,
    apply() {},
    async login(http, session) {
      const id = (http as unknown as UserContext).id;
      logins.push(id);
      session.token = `fresh-${id}`;
      return true;
    },
  };
}

interface Made {
  population: Population;
  recorder: MetricsRecorder;
  logins: number[];
  events: string[];
}

/** A population of `flow` (its tasks, or one task that logs the user's id), recording what its hooks saw. */
function make(flow: Partial<ProtocolUsers> = {}, settings: Partial<PopulationSettings> = {}, kind: Auth['kind'] = 'none'): Made {
  const events: string[] = [];
  const tasks: readonly Task[] = flow.tasks ?? [{ name: 'work', run: async (u) => void events.push(`task ${u.id}`) }];
  const recorder = new MetricsRecorder();
  const logins: number[] = [];
  const population = new Population({ ...flow, tasks }, tasks, recorder, fakeAuth(kind, logins), { user, seed: 1, ...settings });
  return { population, recorder, logins, events };
}

describe('making a user', () => {
  it('logs in a JWT user unless it got its token before the start, and never logs in another kind', async () => {
    const jwt = make({}, { tokens: new Map([[2, 'ahead-2']]) }, 'jwt');
    const first = await jwt.population.spawn(1);
    const second = await jwt.population.spawn(2);
    expect([first.session.token, second.session.token]).toEqual(['fresh-1', 'ahead-2']);
    expect(jwt.logins).toEqual([1]);
    for (const kind of ['none', 'api-key'] as const) {
      const other = make({}, {}, kind);
      expect((await other.population.spawn(1)).session.token).toBeNull();
      expect(other.logins).toEqual([]);
    }
  });

  it('runs the flow onStart with the user, counts it alive, and records a failing onStart as a flow bug', async () => {
    const made = make({ onStart: async (u) => void made.events.push(`start ${u.id}`) });
    const vu = await made.population.spawn(7);
    expect(vu.id).toBe(7);
    expect(made.events).toEqual(['start 7']);
    expect(made.population.size).toBe(1);
    const failing = make({
      onStart: async () => {
        throw new Error('no such product');
      },
    });
    await failing.population.spawn(1);
    expect(failing.population.size).toBe(1);
    expect(failing.recorder.snapshot().exceptions.map((e) => [e.message, e.count])).toEqual([['Error: no such product', 1]]);
  });

  it('records no flow bug for a flow without onStart or onStop', async () => {
    const made = make();
    const vu = await made.population.spawn(1);
    await made.population.iterate(vu);
    await made.population.retire(vu, false);
    expect(made.events).toEqual(['task 1']);
    expect(made.recorder.snapshot().exceptions).toEqual([]);
  });
});

describe('retiring users', () => {
  it('runs onStop and closes the user; a user cut at the end of the grace period skips onStop', async () => {
    const made = make({ onStop: async (u) => void made.events.push(`stop ${u.id}`) });
    const [one, two] = [await made.population.spawn(1), await made.population.spawn(2)];
    await made.population.retire(one, false);
    await made.population.retire(two, true);
    expect(made.events).toEqual(['stop 1']);
    expect([one.closing, two.closing, made.population.size]).toEqual([true, true, 0]);
  });

  it('records a failing onStop as a flow bug and still retires the user', async () => {
    const made = make({
      onStop: async () => {
        throw new TypeError('cart is undefined');
      },
    });
    const vu = await made.population.spawn(1);
    await made.population.retire(vu, false);
    expect(made.population.size).toBe(0);
    expect(made.recorder.snapshot().exceptions.map((e) => e.message)).toEqual(['TypeError: cart is undefined']);
  });

  it('cuts every user alive at once', async () => {
    const made = make();
    const users = [await made.population.spawn(1), await made.population.spawn(2)];
    await made.population.cutAll();
    expect(users.map((u) => u.closing)).toEqual([true, true]);
  });

  it('cuts a request in flight instead of waiting for its answer', async () => {
    // A host that takes the connection and never answers; the request's own deadline is 30 s away.
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => void sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = silent.address() as AddressInfo;
      const settings = { ...user, origin: `http://127.0.0.1:${port}`, requestTimeoutMs: 30_000 };
      const { population } = make({}, { user: settings });
      const vu = await population.spawn(1);
      const answer = vu.get('/slow');
      await until(() => sockets.size === 1, 'the request to reach the host');
      const cut = population.cutAll().then(() => 'cut');
      const late = new Promise((resolve) => setTimeout(resolve, 5000, 'still waiting').unref());
      expect(await Promise.race([cut, late])).toBe('cut');
      expect((await answer).ok).toBe(false);
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });
});

describe('an iteration', () => {
  it('runs a task picked by weight with the user random stream, and counts a task that throws as a flow bug', async () => {
    const events: string[] = [];
    const tasks: Task[] = [
      { name: 'never', weight: 0, run: async () => void events.push('never') },
      {
        name: 'buggy',
        run: async () => {
          events.push('buggy');
          throw new RangeError('page 0');
        },
      },
    ];
    const made = make({ tasks });
    const vu = await made.population.spawn(1);
    await made.population.iterate(vu);
    await made.population.iterate(vu);
    expect(events).toEqual(['buggy', 'buggy']);
    expect(made.recorder.snapshot().exceptions.map((e) => [e.message, e.count])).toEqual([['RangeError: page 0', 2]]);
  });

  it('spends an -i budget one task at a time, a failing task included, and runs none once it is spent', async () => {
    let calls = 0;
    const tasks: Task[] = [
      {
        name: 'flaky',
        run: async () => {
          calls++;
          if (calls === 2) throw new Error('flaky');
        },
      },
    ];
    const made = make({ tasks }, { iterations: 2 });
    expect([made.population.exhausted, made.population.iterationsDone]).toEqual([false, expect.any(Promise)]);
    const vu = await made.population.spawn(1);
    await made.population.iterate(vu);
    expect([made.population.exhausted, await settled(made.population.iterationsDone!)]).toEqual([false, false]);
    await made.population.iterate(vu);
    expect([made.population.exhausted, await settled(made.population.iterationsDone!)]).toEqual([true, true]);
    expect(await made.population.iterate(vu)).toBe(0);
    expect(calls).toBe(2);
  });

  it('without -i is never spent and has nothing to wait for', async () => {
    const made = make();
    const vu = await made.population.spawn(1);
    for (let i = 0; i < 3; i++) await made.population.iterate(vu);
    expect([made.population.exhausted, made.population.iterationsDone]).toEqual([false, undefined]);
    expect(made.events).toHaveLength(3);
  });

  it('gives the think time the task duration in seconds when the flow waits, and 0 when it does not', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    await vi.advanceTimersByTimeAsync(5000);
    const slow: Task[] = [{ name: 'slow', run: () => new Promise((resolve) => setTimeout(resolve, 250)) }];
    const measured = async (made: Made): Promise<number> => {
      const vu = await made.population.spawn(1);
      const taskSeconds = made.population.iterate(vu);
      await vi.advanceTimersByTimeAsync(250);
      return taskSeconds;
    };
    expect(await measured(make({ tasks: slow, wait: pacing(1) }))).toBe(0.25);
    expect(await measured(make({ tasks: slow }))).toBe(0);
  });

  it('thinks what the wait time gives after the task, in ms, and not at all without one', async () => {
    const paced = make({ wait: pacing(2) });
    expect(paced.population.thinkMs(await paced.population.spawn(1), 0.5)).toBe(1500);
    const constantly = make({ wait: constant(0.25) });
    expect(constantly.population.thinkMs(await constantly.population.spawn(1), 9)).toBe(250);
    const none = make();
    expect(none.population.thinkMs(await none.population.spawn(1), 0.5)).toBe(0);
  });
});

describe('a closed model with -i and JWT users', () => {
  it('logs each user in once: none is started again while the last iteration is in flight', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'performance'] });
    // Three iterations in all; the third lasts 5 s, while the other user has no ticket left.
    let started = 0;
    const tasks: Task[] = [{ name: 'work', run: () => new Promise((resolve) => setTimeout(resolve, ++started === 3 ? 5000 : 100)) }];
    const made = make({ tasks, wait: constant(0.1) }, { iterations: 3 }, 'jwt');
    const closed = new ClosedExecutor(made.population, { users: 2, spawnRate: 100 });
    closed.start(performance.now());
    await vi.advanceTimersByTimeAsync(3000);
    expect(made.logins.sort()).toEqual([1, 2]);
    await vi.advanceTimersByTimeAsync(3000);
    await made.population.iterationsDone;
    await closed.stop(1000);
    expect(made.logins.sort()).toEqual([1, 2]);
  });
});
