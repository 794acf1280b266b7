import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { isSaturated, startHealthSampler } from '../../src/metrics/health.js';
import { processTree, treeTicksDelta, type ProcStat } from '../../src/metrics/proc.js';
import { until } from '../helpers.js';

const children: ChildProcess[] = [];
function spawnChild(cmd: string, args: string[]): ChildProcess {
  const child = spawn(cmd, args, { stdio: 'ignore' });
  children.push(child);
  return child;
}
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

/** The first sample taken at or after `sinceMs` (epoch ms): waits for the sampler's timer, 10 s at most. */
async function nextSample(sampler: ReturnType<typeof startHealthSampler>, sinceMs: number): Promise<NonNullable<ReturnType<typeof sampler.current>>> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const s = sampler.current();
    if (s !== null && s.t >= sinceMs) return s;
    if (Date.now() > deadline) throw new Error('the health sampler took no sample in 10 s');
    await sleep(10);
  }
}

function busy(ms: number): void {
  const end = performance.now() + ms;
  let x = 0;
  while (performance.now() < end) x += Math.sqrt(x + 1);
  if (x < 0) console.log(x);
}

describe('generator health sampler', () => {
  it('samples plausible figures for this process, and sees a busy loop', async () => {
    const sampler = startHealthSampler({ intervalMs: 100 });
    const idle = await nextSample(sampler, Date.now());
    const cpu0 = process.cpuUsage();
    const busyFrom = Date.now();
    busy(450);
    const cpu = process.cpuUsage(cpu0);
    const busyCpuMs = (cpu.user + cpu.system) / 1000;
    // No timer fires inside the synchronous loop: the first sample after it covers all of it, and
    // however late the machine let that sample come, its share is at least the loop's CPU over the
    // sample's own window (a fixed figure here would race the scheduler of a shared machine).
    const after = await nextSample(sampler, Date.now());
    const health = sampler.stop();
    const before = health.samples.filter((s) => s.t <= busyFrom).at(-1) ?? idle;
    // Stamps are taken at the end of each sample, the window runs from the start of the one before:
    // 50 ms for the reads of a sample that was preempted.
    const windowMs = after.t - before.t + 50;
    expect(after.nodePct).toBeGreaterThanOrEqual((busyCpuMs / windowMs) * 100 - 0.1);
    expect(after.nodePct).toBeGreaterThan(0);
    for (const s of health.samples) {
      expect(s.machinePct).toBeGreaterThanOrEqual(0);
      expect(s.machinePct).toBeLessThanOrEqual(100);
      expect(s.nodeRssMb).toBeGreaterThan(10);
      expect(s.browserPct).toBeNull();
      expect(s.browserRssMb).toBeNull();
    }
    expect(health.cores).toBeGreaterThanOrEqual(1);
    expect(health.peakNodeRssMb).toBeGreaterThan(10);
    expect(health.peakMachinePct).toBe(Math.max(...health.samples.map((s) => s.machinePct)));
    expect(sampler.stop()).toBe(health);
  });

  it('flags saturation above the limit and counts its seconds', async () => {
    const sampler = startHealthSampler({ intervalMs: 100, saturationPct: -1 });
    await sleep(350);
    const health = sampler.stop();
    expect(health.saturated).toBe(true);
    expect(health.saturatedSeconds).toBeGreaterThan(0.2);
    const calm = startHealthSampler({ intervalMs: 100, saturationPct: 100 });
    await sleep(250);
    expect(calm.stop()).toMatchObject({ saturated: false, saturatedSeconds: 0 });
  });

  it('sums a browser-like process tree, and a vanished pid does not throw', async () => {
    // A root with two children, like Chromium's browser process and its renderers.
    const root = spawnChild('sh', ['-c', 'sleep 30 & sleep 30 & wait']);
    const gone = spawnChild('sleep', ['30']);
    // The shell forks its two children when the machine lets it: waited for, not a fixed time.
    let tree = processTree([root.pid!]);
    await until(() => (tree = processTree([root.pid!])).length >= 3, 'the shell to fork its two children');
    expect(tree.map((p) => p.pid)).toContain(root.pid);
    expect(tree.length).toBe(3);
    gone.kill('SIGKILL');
    await new Promise((done) => gone.once('exit', done));

    const sampler = startHealthSampler({ intervalMs: 100, browserPids: () => [root.pid!, gone.pid!, 999_999_999] });
    const first = await nextSample(sampler, Date.now());
    await nextSample(sampler, first.t + 1);
    const health = sampler.stop();
    expect(health.samples.length).toBeGreaterThanOrEqual(2);
    for (const s of health.samples) {
      expect(s.browserPct).toBeGreaterThanOrEqual(0);
      expect(s.browserPct).toBeLessThan(50); // sleeping processes
      expect(s.browserRssMb).toBeGreaterThan(0);
    }
  });

  it('counts a reaped child once: its ticks move into the parent', () => {
    const p = (pid: number, ppid: number, ticks: number): ProcStat => ({ pid, ppid, ticks, start: pid });
    const before = new Map([[1, p(1, 0, 100)], [2, p(2, 1, 50)]]);
    // Child 2 used 10 more ticks, exited and was reaped: parent's cutime grew by all 60.
    expect(treeTicksDelta(before, [p(1, 0, 165)])).toBe(15);
    // A process that left with its parent outside the tree never makes the delta negative.
    expect(treeTicksDelta(new Map([[3, p(3, 99, 500)]]), [])).toBe(0);
    // A pid reused by a new process (other start time) counts as new.
    expect(treeTicksDelta(new Map([[4, { pid: 4, ppid: 0, ticks: 900, start: 1 }]]), [{ pid: 4, ppid: 0, ticks: 7, start: 2 }])).toBe(7);
  });
});

describe('event loop saturation', () => {
  it('marks the generator saturated when its event loop is busy, whatever the machine does', async () => {
    const sampler = startHealthSampler({ intervalMs: 200 });
    // Keep the loop ~100 % busy for a second, yielding briefly so the sampler's timer runs.
    const until = Date.now() + 1000;
    while (Date.now() < until) {
      const spin = Date.now() + 150;
      while (Date.now() < spin) {
        /* busy */
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    const health = sampler.stop();
    const busy = health.samples.filter((s) => (s.eventLoopPct ?? 0) > 90);
    expect(busy.length).toBeGreaterThan(0);
    expect(health.saturated).toBe(true);
    expect(isSaturated({ t: 0, nodePct: 0, browserPct: null, machinePct: 10, eventLoopPct: 20, nodeRssMb: 1, browserRssMb: null }, 90)).toBe(false);
  });
});
