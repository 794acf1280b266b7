/**
 * `make mutation`: StrykerJS over the core in passes, then the score of all of them. Each pass is
 * one Stryker config: its modules and the tests that speak to them. The HDR histogram and the
 * rules the issue names (thresholds, the arrival schedule, compression, the CSVs) have passes of
 * their own that test every mutant, static ones included, against their own tests; the core pass
 * takes every other module. Given files, folders or globs, each pass mutates only those of them
 * that are its own, and a pass with none of them does not run.
 * Usage: tsx scripts/mutation.ts [--concurrency N] [PATH[,PATH…] …]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { joinReports, scoreLines, type Report } from './mutation-score.js';

export interface Pass {
  config: string;
  report: string;
  /** The files and folders (ending in /) this pass mutates, from its config; [] for the core pass. */
  owns: string[];
}

interface StrykerConfig { mutate: string[]; jsonReporter: { fileName: string } }

const CORE = 'stryker.config.mjs';
const OWN_PASSES = ['stryker.hdr.config.mjs', 'stryker.rules.config.mjs'];

/** `src/x/**\/*.ts` owns the folder `src/x/`; a file owns itself. */
function ownedBy(glob: string): string {
  return glob.includes('*') ? glob.slice(0, glob.indexOf('*')) : glob;
}

/** The passes, each from its Stryker config: its own first, the core pass last. */
export async function loadPasses(): Promise<Pass[]> {
  const load = async (file: string): Promise<StrykerConfig> => ((await import(pathToFileURL(resolve(file)).href)) as { default: StrykerConfig }).default;
  const own = await Promise.all(OWN_PASSES.map(async (config) => {
    const c = await load(config);
    return { config, report: c.jsonReporter.fileName, owns: c.mutate.map(ownedBy) };
  }));
  return [...own, { config: CORE, report: (await load(CORE)).jsonReporter.fileName, owns: [] }];
}

/** A folder stands for its TypeScript files; files and globs are taken as they are. */
function asGlob(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed.endsWith('.ts') || trimmed.includes('*') ? trimmed : `${trimmed}/**/*.ts`;
}

/** Whether `path` (a file or folder) lies within `owned` (a file, or a folder ending in /). */
function within(path: string, owned: string): boolean {
  return owned.endsWith('/') ? `${path.replace(/\/+$/, '')}/`.startsWith(owned) : path === owned;
}

/** What a path asked for covers, as a prefix: a folder with its /, a file itself, a glob up to its first *. */
function prefixOf(path: string): string {
  if (path.includes('*')) return path.slice(0, path.indexOf('*'));
  return path.endsWith('.ts') ? path : `${path.replace(/\/+$/, '')}/`;
}

/**
 * The --mutate list of each pass for the paths asked: undefined for its own config's list, [] when
 * nothing asked is its. A pass of its own takes what it owns within a path asked, or the path when
 * it lies within what it owns; the core pass takes every other path, less what the others own.
 */
export function planPasses(passes: readonly Pass[], paths: readonly string[]): { pass: Pass; mutate: string[] | undefined }[] {
  const owned = passes.flatMap((pass) => pass.owns);
  return passes.map((pass) => {
    if (paths.length === 0) return { pass, mutate: undefined };
    if (pass.owns.length > 0) {
      const mine = paths.flatMap((path) => (pass.owns.some((own) => within(path, own)) ? [asGlob(path)] : pass.owns.filter((own) => own.startsWith(prefixOf(path))).map(asGlob)));
      return { pass, mutate: [...new Set(mine)] };
    }
    const rest = paths.filter((path) => !owned.some((own) => within(path, own))).map(asGlob);
    return { pass, mutate: rest.length === 0 ? [] : [...rest, ...owned.map((own) => `!${asGlob(own)}`)] };
  });
}

function parseArgs(argv: readonly string[]): { concurrency: string; paths: string[] } {
  let concurrency = '1';
  const paths: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--concurrency') concurrency = argv[++i] ?? concurrency;
    else paths.push(...argv[i].split(/[\s,]+/).filter(Boolean));
  }
  return { concurrency, paths };
}

async function main(): Promise<number> {
  const { concurrency, paths } = parseArgs(process.argv.slice(2));
  const planned = planPasses(await loadPasses(), paths).filter(({ mutate }) => mutate === undefined || mutate.length > 0);
  if (planned.length === 0) {
    console.error(`mutation: no pass mutates ${paths.join(', ')}`);
    return 2;
  }
  const reports: Report[] = [];
  for (const { pass, mutate } of planned) {
    // A report left by an earlier run must not be scored as this one's.
    rmSync(pass.report, { force: true });
    const args = ['stryker', 'run', pass.config, '--concurrency', concurrency, ...(mutate ? ['--mutate', mutate.join(',')] : [])];
    console.log(`\nmutation: npx ${args.join(' ')}`);
    const run = spawnSync('npx', args, { stdio: 'inherit' });
    if (run.status !== 0) return run.status ?? 1;
    if (!existsSync(pass.report)) {
      console.error(`mutation: Stryker wrote no report at ${pass.report}`);
      return 1;
    }
    reports.push(JSON.parse(readFileSync(pass.report, 'utf8')) as Report);
  }
  console.log(scoreLines(joinReports(reports)).join('\n'));
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = await main();
