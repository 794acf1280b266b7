/**
 * What generator health reads of Linux's /proc: the machine's busy and total jiffies, a process's
 * stat and memory, and a process tree. Each reader is a thin wrapper over a pure parser of the
 * text it read, so the parsing is tested over given text. Processes come and go between reads: a
 * vanished /proc entry is skipped, never thrown.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

/** Busy and total jiffies of all cores. */
export interface MachineTimes {
  busy: number;
  total: number;
}

export interface ProcStat {
  pid: number;
  ppid: number;
  /** utime + stime + cutime + cstime, in clock ticks (cutime/cstime: reaped children). */
  ticks: number;
  /** Start time after boot, in ticks: tells a reused pid apart. */
  start: number;
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** USER_HZ from `getconf CLK_TCK`'s output (Number() ignores the newline); 100, every common Linux's, when it is no number. */
export function parseClockTicks(output: string): number {
  return Number(output) || 100;
}

let clockTicks: number | null = null;
/** USER_HZ for /proc times, asked of getconf once. */
export function ticksPerSecond(): number {
  // Stryker disable next-line ConditionalExpression: the cache only saves a process: getconf answers the same each time
  if (clockTicks === null) {
    try {
      // Stryker disable next-line StringLiteral,ArrayDeclaration: USER_HZ is 100 here, the fallback's value, so a broken call reads the same
      clockTicks = parseClockTicks(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** Busy and total jiffies from /proc/stat's text (its first line, `cpu …`), or null when it has none. */
export function parseMachineTimes(text: string): MachineTimes | null {
  const line = text.slice(0, text.indexOf('\n')).trim().split(/\s+/);
  if (line[0] !== 'cpu') return null;
  const f = line.slice(1).map(Number);
  // user nice system idle iowait irq softirq steal [guest guest_nice: already in user/nice]
  const total = f.slice(0, 8).reduce((a, b) => a + (b || 0), 0);
  const idle = (f[3] || 0) + (f[4] || 0);
  return { busy: total - idle, total };
}

/** The machine's jiffies from /proc/stat, or null off Linux. */
export function readMachineTimes(): MachineTimes | null {
  const text = readText('/proc/stat');
  return text === null ? null : parseMachineTimes(text);
}

/** A /proc/<pid>/stat line, or null when its fields are not numbers. */
export function parseProcStat(pid: number, text: string): ProcStat | null {
  // The command name is in parentheses and may itself contain spaces and parentheses.
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // rest[0] is field 3 (state): field n is rest[n - 3].
  const ppid = Number(rest[1]);
  const ticks = Number(rest[11]) + Number(rest[12]) + Number(rest[13]) + Number(rest[14]);
  const start = Number(rest[19]);
  if (!Number.isFinite(ppid) || !Number.isFinite(ticks)) return null;
  return { pid, ppid, ticks, start };
}

/** /proc/<pid>/stat, or null when the process is gone or unreadable. */
export function readProcStat(pid: number): ProcStat | null {
  const text = readText(`/proc/${pid}/stat`);
  return text === null ? null : parseProcStat(pid, text);
}

/** The bytes of a `Name:  N kB` line of a /proc memory file (smaps_rollup, status), or null without one. */
export function kilobytesField(text: string, field: 'Pss' | 'VmRSS'): number | null {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
  return match ? Number(match[1]) * 1024 : null;
}

/** A file's text, or null when it cannot be read (the process is gone, or the file is not ours to read). */
export type ReadText = (path: string) => string | null;

/**
 * Proportional set size (else resident set size: smaps_rollup may be unreadable, or absent on an
 * old kernel) of a process in bytes, or 0 when gone.
 */
export function readProcMemory(pid: number, read: ReadText = readText): number {
  const rollup = read(`/proc/${pid}/smaps_rollup`);
  const pss = rollup === null ? null : kilobytesField(rollup, 'Pss');
  if (pss !== null) return pss;
  const status = read(`/proc/${pid}/status`);
  return (status === null ? null : kilobytesField(status, 'VmRSS')) ?? 0;
}

/** The given roots (those among `stats`) and all their descendants, each once. */
export function treeOf(stats: readonly ProcStat[], roots: readonly number[]): ProcStat[] {
  const byParent = new Map<number, ProcStat[]>();
  const byPid = new Map<number, ProcStat>();
  for (const stat of stats) {
    byPid.set(stat.pid, stat);
    const siblings = byParent.get(stat.ppid);
    if (siblings) siblings.push(stat);
    else byParent.set(stat.ppid, [stat]);
  }
  const out: ProcStat[] = [];
  const seen = new Set<number>();
  const queue = roots.filter((p) => byPid.has(p));
  while (queue.length > 0) {
    const pid = queue.pop()!;
    if (seen.has(pid)) continue;
    seen.add(pid);
    out.push(byPid.get(pid)!);
    for (const child of byParent.get(pid) ?? []) queue.push(child.pid);
  }
  return out;
}

/** The given roots and all their descendants, from one pass over /proc. */
export function processTree(roots: number[]): ProcStat[] {
  // Stryker disable next-line ConditionalExpression: a shortcut past the walk of /proc; the tree of no roots is empty anyway
  if (roots.length === 0) return [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const stats: ProcStat[] = [];
  for (const name of entries) {
    const pid = Number(name);
    // Stryker disable next-line ConditionalExpression: a shortcut: /proc/NaN/stat does not exist, so its read gives null too
    if (!Number.isInteger(pid)) continue;
    const stat = readProcStat(pid);
    if (stat !== null) stats.push(stat);
  }
  return treeOf(stats, roots);
}

/**
 * CPU ticks a process tree used between two reads. A process that vanished was usually reaped by
 * its parent in the tree, whose cutime/cstime now hold its ticks; one whose parent left the tree
 * too is added back, so its disappearance never shows as negative use.
 */
export function treeTicksDelta(prev: Map<number, ProcStat>, now: ProcStat[]): number {
  let delta = 0;
  const alive = new Map<number, ProcStat>();
  for (const p of now) alive.set(p.pid, p);
  for (const p of now) {
    const before = prev.get(p.pid);
    delta += before !== undefined && before.start === p.start ? p.ticks - before.ticks : p.ticks;
  }
  for (const before of prev.values()) {
    const still = alive.get(before.pid);
    if (still !== undefined && still.start === before.start) continue;
    const parent = alive.get(before.ppid);
    // Reaped into a parent of the tree: its ticks moved there (counted as the parent's delta).
    if (parent !== undefined) delta -= before.ticks;
  }
  return Math.max(0, delta);
}
