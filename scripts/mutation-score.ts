/**
 * The last lines of `make mutation`: the mutation score per folder and, as the very last line,
 * `mutation score: NN.N %`, read from Stryker's JSON report (mutation-testing-report-schema).
 * The score is Stryker's own: mutants detected (killed or timed out) over mutants that ran
 * (detected, survived, no coverage); compile errors, runtime errors and ignored mutants do not count.
 * Usage: tsx scripts/mutation-score.ts [report.json …] (default: the passes' reports in results/mutation/).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

interface ReportMutant { status: string }
export interface Report { files: Record<string, { mutants: ReportMutant[] }> }

interface Tally { detected: number; undetected: number }

const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);

/** Adds a file's mutants to its tally; mutants that never ran as tests (invalid, ignored) are left out. */
function count(tally: Tally, mutants: readonly ReportMutant[]): void {
  for (const m of mutants) {
    if (DETECTED.has(m.status)) tally.detected++;
    else if (UNDETECTED.has(m.status)) tally.undetected++;
  }
}

/** Rounded to one decimal (Stryker's table rounds to two); a folder with no valid mutant scores 100 (nothing to catch). */
function percent(t: Tally): string {
  const valid = t.detected + t.undetected;
  return (valid === 0 ? 100 : (t.detected / valid) * 100).toFixed(1);
}

export function scoreLines(report: Report): string[] {
  const total: Tally = { detected: 0, undetected: 0 };
  const folders = new Map<string, Tally>();
  for (const [path, file] of Object.entries(report.files)) {
    const folder = dirname(path.replace(/\\/g, '/'));
    const tally = folders.get(folder) ?? { detected: 0, undetected: 0 };
    folders.set(folder, tally);
    count(tally, file.mutants);
    count(total, file.mutants);
  }
  const rows = [...folders].sort(([a], [b]) => a.localeCompare(b));
  const width = Math.max(6, ...rows.map(([folder]) => folder.length));
  return [
    ...rows.map(([folder, t]) => `${folder.padEnd(width)}  ${percent(t).padStart(5)} %  (${t.detected} of ${t.detected + t.undetected} detected)`),
    `mutation score: ${percent(total)} %`,
  ];
}

/** The reports of several passes as one: each file is mutated by one pass only. */
export function joinReports(reports: readonly Report[]): Report {
  return { files: Object.assign({}, ...reports.map((r) => r.files)) as Report['files'] };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  // Every pass's report (hdr, rules, core: each names its own in its Stryker config).
  const dir = 'results/mutation';
  const files = process.argv.length > 2 ? process.argv.slice(2) : existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => join(dir, f)) : [];
  if (files.length === 0) {
    console.error(`mutation-score: no Stryker JSON report in ${dir}; run make mutation first`);
    process.exitCode = 2;
  } else {
    try {
      console.log(scoreLines(joinReports(files.map((file) => JSON.parse(readFileSync(file, 'utf8')) as Report))).join('\n'));
    } catch (error) {
      console.error(`mutation-score: cannot read Stryker's JSON report: ${(error as Error).message}`);
      process.exitCode = 2;
    }
  }
}
