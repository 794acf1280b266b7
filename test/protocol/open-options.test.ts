/**
 * The open model's options: the constant rate's one stage over warm-up and run, the stages and the
 * run length they set, the default backlog (10 s of the peak rate, at least the user cap), and
 * every problem named with its flag.
 */
import { describe, expect, it } from 'vitest';
import type { LoadModelRaw, Timing } from '../../src/config/load-model.js';
import { Problems } from '../../src/config/problems.js';
import { parseOpenModel } from '../../src/protocol/open-options.js';

const timing = (runTimeS: number, warmupS = 0, runTimeGiven = true): Timing => ({ runTimeS, runTimeGiven, warmupS, stopTimeoutS: 10 });

/** The model, the run's length and the problems' one line ('' when none). */
function parse(raw: LoadModelRaw, at: Timing) {
  const problems = new Problems();
  const { model, runTimeS } = parseOpenModel(raw, at, problems);
  let message = '';
  try {
    problems.throwIfAny();
  } catch (error) {
    message = (error as Error).message;
  }
  return { model, runTimeS, message };
}

describe('the open model options', () => {
  it('run a constant rate as one stage over the warm-up and the run, with a backlog of at least the user cap', () => {
    expect(parse({ arrivalRate: '5' }, timing(30, 10))).toEqual({
      model: { kind: 'open', startRate: 5, stages: [{ durationS: 40, rate: 5 }], maxUsers: 1000, maxBacklog: 1000 },
      runTimeS: 30,
      message: '',
    });
  });

  it('let 10 s of the peak rate wait by default when that is more than the user cap', () => {
    expect(parse({ arrivalRate: '200', maxUsers: '50' }, timing(30)).model.maxBacklog).toBe(2000);
    expect(parse({ arrivalRate: '10.05', maxUsers: '50' }, timing(30)).model.maxBacklog).toBe(101);
    expect(parse({ arrivalRate: '1', stages: '10s:300,10s:0', maxUsers: '50' }, timing(30)).model.maxBacklog).toBe(3000);
    expect(parse({ arrivalRate: '1', stages: '10s:2', maxUsers: '50', maxBacklog: '7' }, timing(30)).model.maxBacklog).toBe(7);
  });

  it('without -t, last as long as the stages less the warm-up; with -t, as long as -t', () => {
    const staged = parse({ stages: '10s:100,20s:50' }, timing(30, 5, false));
    expect(staged.model.stages).toEqual([{ durationS: 10, rate: 100 }, { durationS: 20, rate: 50 }]);
    expect(staged.model.startRate).toBe(0);
    expect(staged.runTimeS).toBe(25);
    expect(parse({ stages: '10s:100' }, timing(60, 5, true)).runTimeS).toBe(60);
    expect(parse({ stages: '5s:10' }, timing(30, 5, false)).message).toBe('--stages must last longer than --warmup');
    expect(parse({ stages: '6s:10' }, timing(30, 5, false)).message).toBe('');
  });

  it('name every problem with its flag, all at once', () => {
    expect(parse({ arrivalRate: '0' }, timing(30)).message).toBe('--arrival-rate must be above 0');
    expect(parse({ arrivalRate: '0.5' }, timing(30)).message).toBe('');
    expect(parse({ arrivalRate: '5', users: '3', spawnRate: '1' }, timing(30)).message).toBe(
      '2 problems: --users is the closed model; with --arrival-rate use --max-users; --spawn-rate is the closed model; with --arrival-rate, --stages ramp the rate',
    );
    expect(parse({ arrivalRate: 'x', maxUsers: '0', maxBacklog: '-1' }, timing(30)).message).toBe(
      "4 problems: --arrival-rate wants a number >= 0, got 'x'; --arrival-rate must be above 0; --max-users wants a whole number >= 1, got '0'; --max-backlog wants a whole number >= 0, got '-1'",
    );
  });

  it('refuse each stage that is not DURATION:RATE with a rate >= 0, once, and not again as too short', () => {
    const bad = parse({ stages: 'soon:5,10s,10s:abc,10s:-1,10s:5' }, timing(30, 0, false));
    expect(bad.message).toBe(
      "4 problems: --stages wants DURATION:RATE[,…] like 30s:100,2m:100, got 'soon:5'; --stages wants DURATION:RATE[,…] like 30s:100,2m:100, got '10s'; " +
        "--stages wants DURATION:RATE[,…] like 30s:100,2m:100, got '10s:abc'; --stages wants DURATION:RATE[,…] like 30s:100,2m:100, got '10s:-1'",
    );
    expect(bad.model.stages).toEqual([{ durationS: 10, rate: 5 }]);
    expect(parse({ stages: '10s:0' }, timing(30, 0, false)).model.stages).toEqual([{ durationS: 10, rate: 0 }]);
    // None parses: the run's length is not judged on the stages left (none), so one problem only.
    expect(parse({ stages: 'soon:5' }, timing(30, 0, false)).message).toBe("--stages wants DURATION:RATE[,…] like 30s:100,2m:100, got 'soon:5'");
  });
});
