/**
 * Generator health's reading of /proc over given text: the machine's jiffies, a process's stat
 * line, its memory lines, USER_HZ, and a process tree from given stats. The readers over this
 * machine's real /proc are in health-rules.test.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  kilobytesField, parseClockTicks, parseMachineTimes, parseProcStat, readProcMemory, treeOf, type ProcStat, type ReadText,
} from '../../src/metrics/proc.js';

/** A /proc/<pid>/stat line: fields 4 (ppid), 14–17 (utime, stime, cutime, cstime) and 22 (start) as given. */
function statLine(comm: string, f: { ppid: number | string; utime: number | string; stime: number; cutime: number; cstime: number; start: number }): string {
  // Fields 3 … 22: state, ppid, pgrp, session, tty, tpgid, flags, minflt, cminflt, majflt, cmajflt,
  // utime, stime, cutime, cstime, priority, nice, threads, itrealvalue, starttime; then more.
  const fields = ['S', f.ppid, 901, 902, 0, -1, 4194560, 903, 904, 905, 906, f.utime, f.stime, f.cutime, f.cstime, 20, 0, 7, 0, f.start, 123456, 789];
  return `4242 (${comm}) ${fields.join(' ')}\n`;
}

describe('the machine’s jiffies from /proc/stat', () => {
  // user nice system idle iowait irq softirq steal guest guest_nice, as the kernel spaces them.
  const STAT = 'cpu  10 20 30 400 50 6 7 8 90 100\ncpu0 5 10 15 200 25 3 3 4 45 50\nintr 12345 0 0\n';

  it('sums the first eight fields of the cpu line as the total, and all but idle and iowait as busy', () => {
    // Guest times (90, 100) are already in user and nice: not counted twice.
    expect(parseMachineTimes(STAT)).toEqual({ busy: 81, total: 531 });
  });

  it('reads a line with surrounding blanks, and a field that is missing or no number as 0', () => {
    expect(parseMachineTimes('  cpu 1 2 3 4  \n')).toEqual({ busy: 6, total: 10 });
    expect(parseMachineTimes('cpu 1 x 3 4 5 6\n')).toEqual({ busy: 10, total: 19 });
    expect(parseMachineTimes('cpu 1 2 3 x y\n')).toEqual({ busy: 6, total: 6 });
    // The next line's figures are not the cpu line's missing ones.
    expect(parseMachineTimes('cpu 1 2 3 4\ncpu0 5 6 7 8\n')).toEqual({ busy: 6, total: 10 });
  });

  it('gives null when the first line is not the cpu line', () => {
    expect(parseMachineTimes('cpu0 5 10 15 200\ncpu  10 20 30 400\n')).toBeNull();
    expect(parseMachineTimes('intr 1 2 3\n')).toBeNull();
    expect(parseMachineTimes('\n')).toBeNull();
  });
});

describe('a process’s /proc/<pid>/stat line', () => {
  const fields = { ppid: 17, utime: 1000, stime: 200, cutime: 30, cstime: 4, start: 98765 };

  it('reads the parent, the four CPU times summed and the start time', () => {
    expect(parseProcStat(4242, statLine('chrome', fields))).toEqual({ pid: 4242, ppid: 17, ticks: 1234, start: 98765 });
  });

  it('finds the fields after a command name that holds spaces and parentheses', () => {
    expect(parseProcStat(4242, statLine('Web Content (x) ) y', fields))).toEqual({ pid: 4242, ppid: 17, ticks: 1234, start: 98765 });
  });

  it('gives null when the parent or the CPU times are not numbers', () => {
    expect(parseProcStat(4242, statLine('chrome', { ...fields, ppid: 'x' }))).toBeNull();
    expect(parseProcStat(4242, statLine('chrome', { ...fields, utime: 'x' }))).toBeNull();
    expect(parseProcStat(4242, '4242 (chrome) S 17\n')).toBeNull();
  });
});

describe('a process’s memory', () => {
  const ROLLUP = '55d0-7ffd ---p 00000000 00:00 0 [rollup]\nRss:      30000 kB\nPss:      12345 kB\nSwapPss:      7 kB\n';
  const STATUS = 'Name:\tchrome\nVmPeak:\t  99999 kB\nVmRSS:\t   14552 kB\nRssAnon:\t 1 kB\n';

  it('reads a `Name:  N kB` line anywhere in the text as bytes, the name at a line’s start only', () => {
    expect(kilobytesField(ROLLUP, 'Pss')).toBe(12345 * 1024);
    expect(kilobytesField(STATUS, 'VmRSS')).toBe(14552 * 1024);
    expect(kilobytesField('SwapPss:      7 kB\n', 'Pss')).toBeNull();
    expect(kilobytesField('Pss: 12 MB\n', 'Pss')).toBeNull();
    expect(kilobytesField('Pss:\n', 'Pss')).toBeNull();
  });

  /** A reader over the given files; every other path reads as gone. */
  function files(map: Record<string, string>): ReadText {
    return (path) => map[path] ?? null;
  }

  it('takes the proportional set size from smaps_rollup when it can be read', () => {
    const read = files({ '/proc/9/smaps_rollup': ROLLUP, '/proc/9/status': STATUS });
    expect(readProcMemory(9, read)).toBe(12345 * 1024);
  });

  it('falls back to the resident set size of status when smaps_rollup is unreadable or has no Pss', () => {
    expect(readProcMemory(9, files({ '/proc/9/status': STATUS }))).toBe(14552 * 1024);
    expect(readProcMemory(9, files({ '/proc/9/smaps_rollup': 'Rss: 1 kB\n', '/proc/9/status': STATUS }))).toBe(14552 * 1024);
  });

  it('is 0 for a process that is gone or shows neither figure', () => {
    expect(readProcMemory(9, files({}))).toBe(0);
    expect(readProcMemory(9, files({ '/proc/9/status': 'Name:\tkthreadd\n' }))).toBe(0);
    // Another pid's files are not this one's.
    expect(readProcMemory(10, files({ '/proc/9/smaps_rollup': ROLLUP }))).toBe(0);
  });
});

describe('USER_HZ from getconf', () => {
  it('reads the number getconf printed, and 100 when it printed none or 0', () => {
    expect(parseClockTicks('250\n')).toBe(250);
    expect(parseClockTicks('100\n')).toBe(100);
    expect(parseClockTicks('undefined\n')).toBe(100);
    expect(parseClockTicks('')).toBe(100);
    expect(parseClockTicks('0\n')).toBe(100);
  });
});

describe('a process tree from given stats', () => {
  const p = (pid: number, ppid: number): ProcStat => ({ pid, ppid, ticks: pid * 10, start: pid });
  // 1 ─┬─ 2 ── 4 ── 5
  //    └─ 3
  // 6 ── 7        (another tree)
  const STATS = [p(1, 0), p(2, 1), p(3, 1), p(4, 2), p(5, 4), p(6, 0), p(7, 6)];
  const pids = (tree: ProcStat[]): number[] => tree.map((s) => s.pid).sort((a, b) => a - b);

  it('is a root with all its descendants, however deep, and nothing of other trees', () => {
    expect(pids(treeOf(STATS, [1]))).toEqual([1, 2, 3, 4, 5]);
    expect(pids(treeOf(STATS, [4]))).toEqual([4, 5]);
    expect(pids(treeOf(STATS, [1, 6]))).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('gives each process once, also when a root is another root’s descendant or given twice', () => {
    expect(treeOf(STATS, [2, 1, 2]).map((s) => s.pid).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);
  });

  it('keeps each process’s own stat, and leaves out roots that are not running', () => {
    expect(treeOf(STATS, [99, 4])).toEqual([p(4, 2), p(5, 4)]);
    expect(treeOf(STATS, [99])).toEqual([]);
    expect(treeOf(STATS, [])).toEqual([]);
  });
});
