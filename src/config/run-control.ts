/** Option group "run control": what the protocol users do (flow, tags, revalidation) and the run's knobs. */
import { availableParallelism } from 'node:os';
import { Option } from 'commander';
import { collect, type Problems } from './problems.js';

export interface RunControlRaw {
  flows?: string;
  url?: string[];
  tags?: string[];
  excludeTags?: string[];
  revalidate?: boolean;
  maxNames?: string;
  seed?: string;
  workers?: string;
}

export interface RunControl {
  flowFile: string | null;
  urls: string[];
  tags: string[];
  excludeTags: string[];
  revalidate: boolean;
  maxNames: number;
  seed: number;
  /** Worker threads for the protocol users (the runner uses fewer when there are fewer users). */
  workers: number;
}

export const RUN_CONTROL_DEFAULTS = { maxNames: 1000, seed: 1 } as const;

const HEADING = 'Flow and run control:';

export function runControlOptions(): Option[] {
  const d = RUN_CONTROL_DEFAULTS;
  return [
    new Option('-f, --flows <file>', 'flow file (TypeScript or JavaScript; default flows/erp.ts)'),
    new Option('--url <path>', 'quick test: GET this path, one request per iteration (repeatable)').argParser(collect),
    // Several values after one flag, as Locust takes them (-T read write); comma lists split later.
    new Option('-T, --tags <tag...>', 'run only tasks with these tags: -T read write, -T read -T write or -T read,write').argParser(collect),
    new Option('-E, --exclude-tags <tag...>', 'skip tasks with these tags (as -T)').argParser(collect),
    new Option('--revalidate', 'protocol users repeat GETs with If-None-Match / If-Modified-Since'),
    new Option('--max-names <n>', `cap on distinct stat names (default ${d.maxNames})`),
    new Option('--seed <n>', `seed of the users' random choices (default ${d.seed})`),
    new Option('--workers <n>', `worker threads for the protocol users (default: the number of cores, ${availableParallelism()} here)`),
  ].map((option) => option.helpGroup(HEADING));
}

export function parseRunControl(raw: RunControlRaw, problems: Problems): RunControl {
  const urls = raw.url ?? [];
  if (raw.flows !== undefined && urls.length > 0) problems.push('--flows and --url exclude each other');
  for (const path of urls) if (!path.startsWith('/')) problems.push(`--url wants a path starting with /, got '${path}'`);
  return {
    flowFile: raw.flows ?? null,
    urls,
    tags: raw.tags ?? [],
    excludeTags: raw.excludeTags ?? [],
    revalidate: raw.revalidate ?? false,
    maxNames: problems.int('--max-names', raw.maxNames, RUN_CONTROL_DEFAULTS.maxNames, 1),
    seed: problems.int('--seed', raw.seed, RUN_CONTROL_DEFAULTS.seed, 0),
    workers: problems.int('--workers', raw.workers, availableParallelism(), 1),
  };
}
