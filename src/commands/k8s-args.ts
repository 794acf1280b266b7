/**
 * `k8s render`'s run options, sorted: what every shard gets, what the merge Job gets, and what
 * cannot go into the manifests (each with the one line that says what to do instead). Only flags
 * count: the environment and configuration files of the machine that renders are not the pods'.
 */
import type { Command, Option } from 'commander';

export interface SortedRunArgs {
  /** Every shard's arguments (besides -f, --shard, --start-at and --run-id, which render adds). */
  run: string[];
  /** The merge's own options, from the same flags. */
  merge: string[];
  /** One line per flag that cannot be rendered. */
  refused: string[];
}

const CREDENTIAL_KEYS = 'BROWSE_LOAD_API_KEY, BROWSE_LOAD_USERNAME, BROWSE_LOAD_PASSWORD, BROWSE_LOAD_WEB_AUTH';
const NO_CREDENTIALS = `credentials are never written into the manifests: put it in a Secret (keys ${CREDENTIAL_KEYS}) and give --secret NAME`;

/** Flags that cannot be rendered, by their long name, with what to do instead. */
const REFUSED: Record<string, string> = {
  '--api-key': NO_CREDENTIALS,
  '--username': NO_CREDENTIALS,
  '--password': NO_CREDENTIALS,
  '--web-auth': NO_CREDENTIALS,
  '--shard': 'each pod gets --shard auto/N from its JOB_COMPLETION_INDEX: give --shards N',
  '--results-dir': 'each shard writes results/<run-id>/shard-<I>-of-<N>/ on the volume; one --results-dir would put them all in one folder',
  '--demo-target': 'every pod would test a demo target of its own: give --host',
  '--demo-flags': 'every pod would test a demo target of its own: give --host',
  '--config': 'k8s render reads flags only: give the file\'s options as flags',
  '--html': 'each shard writes report.html in its folder, and the merge Job the merged run\'s',
};

/** Flags render reads itself: the flow file is shipped in the ConfigMap, the start and the id are common. */
export const READ_BY_RENDER = new Set(['--flows', '--start-at', '--run-id', '--debug']);
/** Outputs of the merged run: the merge Job writes them, not each shard. */
const MERGE_ONLY = new Set(['--csv', '--csv-full-history']);
const BOTH = new Set(['--no-html', '--exit-code-on-error']);

/** A flag's value back as arguments: a switch alone, a value after it, a list as the flag repeated. */
function argsOf(option: Option, value: unknown): string[] {
  const flag = option.long!;
  if (value === true || option.negate) return [flag];
  if (Array.isArray(value)) return value.flatMap((item) => [flag, String(item)]);
  return [flag, String(value)];
}

export function sortRunArgs(command: Command, runOptions: readonly Option[]): SortedRunArgs {
  const sorted: SortedRunArgs = { run: [], merge: [], refused: [] };
  for (const option of runOptions) {
    const key = option.attributeName();
    if (command.getOptionValueSource(key) !== 'cli') continue;
    const value: unknown = command.getOptionValue(key);
    // --html FILE and --no-html share one value: false is --no-html's.
    if ((value === false) !== Boolean(option.negate)) continue;
    const flag = option.long!;
    if (READ_BY_RENDER.has(flag)) continue;
    if (REFUSED[flag] !== undefined) {
      sorted.refused.push(`k8s render ${flag}: ${REFUSED[flag]}`);
      continue;
    }
    const args = argsOf(option, value);
    if (!MERGE_ONLY.has(flag)) sorted.run.push(...args);
    if (MERGE_ONLY.has(flag) || BOTH.has(flag)) sorted.merge.push(...args);
  }
  return sorted;
}
