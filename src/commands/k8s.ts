/**
 * `browse-load k8s render`: one plan as Kubernetes manifests on stdout (src/deploy renders them),
 * with `run`'s own flags, checked as `run` checks them, plus where and how the pods run.
 * `browse-load k8s wait-shards`: what the merge Job's init container runs (k8s-wait.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { parseDuration } from '../config/duration.js';
import { Problems } from '../config/problems.js';
import type { RawRunOptions } from '../config/run-config.js';
import { shippedFlow } from '../deploy/flow-file.js';
import { type FlowFile, type K8sPlan, MERGE_SLACK_S, objectNames, shardDeadlineS, wholeCores } from '../deploy/k8s-plan.js';
import { UsageError } from '../errors.js';
import { startStamp } from '../result/plan-identity.js';
import { PACKAGE_ROOT } from '../version.js';
import { sortRunArgs } from './k8s-args.js';
import { runCommandOptions } from './run.js';
import { waitShardsCommand } from './k8s-wait.js';

interface RenderOwn {
  shards: string;
  image: string;
  namespace?: string;
  volumeClaim: string;
  secret?: string;
  cpu: string;
  memory: string;
  startMargin: string;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
const QUANTITY = /^\d+(\.\d+)?(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/;

function renderOptions(): Option[] {
  return [
    new Option('--shards <n>', 'number of shards: pods of the Indexed Job, each its stripe of the plan').makeOptionMandatory(),
    new Option('--image <image>', 'the browse-load image the pods run (built from deploy/Containerfile)').makeOptionMandatory(),
    new Option('--namespace <ns>', 'namespace of the objects (default: kubectl\'s)'),
    new Option('--volume-claim <name>', 'ReadWriteMany PersistentVolumeClaim for the results').default('browse-load-results'),
    new Option('--secret <name>', 'Secret holding the credentials, keys BROWSE_LOAD_API_KEY, BROWSE_LOAD_USERNAME, BROWSE_LOAD_PASSWORD (each optional)'),
    new Option('--cpu <cpu>', 'CPU of each shard\'s pod, requested and limit').default('2'),
    new Option('--memory <bytes>', 'memory of each shard\'s pod, requested and limit').default('2Gi'),
    new Option('--start-margin <duration>', 'without --start-at: the common start this long after rendering (pulling images, launching Chromium)').default('3m'),
  ].map((option) => option.helpGroup('Kubernetes:'));
}

export function k8sCommand(): Command {
  const k8s = new Command('k8s').description('Run one plan as shards of a Kubernetes Indexed Job: render the manifests; wait for the shards');
  const render = renderCommand(async (plan) => {
    // Loaded when rendering, so the CLI's start does not pay for the YAML writer.
    const { renderYaml } = await import('../deploy/render.js');
    process.stdout.write(renderYaml(plan));
    const wait = shardDeadlineS(plan) + MERGE_SLACK_S;
    process.stderr.write(`apply: kubectl apply -f -; the verdict: kubectl wait --for=condition=complete job/${objectNames(plan.runId).merge} --timeout=${wait}s\n`);
  });
  return k8s.addCommand(render).addCommand(waitShardsCommand());
}

/** `k8s render` with what to do with the plan; `clock` says when it is rendered. */
function renderCommand(onPlan: (plan: K8sPlan) => Promise<void> | void, clock: () => number = Date.now): Command {
  const render = new Command('render')
    .description("Print the manifests of a sharded run as YAML: the flow's ConfigMap, the shards' Indexed Job, the merge Job (kubectl apply -f -)")
    .exitOverride();
  for (const option of renderOptions()) render.addOption(option);
  // `run`'s flags, each defined once (src/config): a flag run does not know is unknown here too.
  const runOptions = runCommandOptions().options;
  for (const option of runOptions) render.addOption(option);
  return render.action(async (_opts: unknown, command: Command) => onPlan(await planOf(command, runOptions, clock())));
}

/** The plan `k8s render ARGS…` renders at `now` (the tests' way in; a problem throws its UsageError). */
export async function renderPlan(args: string[], now: number): Promise<K8sPlan> {
  let plan: K8sPlan | undefined;
  const command = renderCommand((p) => void (plan = p), () => now).configureOutput({ writeErr: () => {}, writeOut: () => {} });
  await command.parseAsync(args, { from: 'user' });
  return plan!;
}

/** The rendered plan from the parsed flags; every problem at once (exit 2). */
async function planOf(command: Command, runOptions: readonly Option[], now: number): Promise<K8sPlan> {
  const own = command.opts<RenderOwn>();
  const raw = flagsOnly(command, runOptions);
  const problems = new Problems();
  const sorted = sortRunArgs(command, runOptions);
  problems.push(...sorted.refused);
  const shards = problems.int('--shards', own.shards, 1, 1);
  problems.push(...podProblems(own));
  const margin = parseDuration(own.startMargin);
  if (margin === null || margin <= 0) problems.push(`--start-margin wants a duration above 0 like 3m, got '${own.startMargin}'`);
  const startAtMs = raw.startAt === undefined ? Math.ceil((now + (margin ?? 0) * 1000) / 1000) * 1000 : Date.parse(raw.startAt);
  if (raw.startAt !== undefined && startAtMs <= now) problems.push(`--start-at ${raw.startAt} is not in the future: every shard would start late`);
  // The planned start names the run (as a shard's derived id begins), and so its objects.
  // (An unreadable --start-at is run's problem, reported below; the id then waits for a good one.)
  const runId = raw.runId ?? (Number.isFinite(startAtMs) ? startStamp(startAtMs) : 'unnamed');
  const startAt = raw.startAt ?? (Number.isFinite(startAtMs) ? new Date(startAtMs).toISOString() : undefined);
  const runSeconds = await runSecondsOf({ ...raw, shard: `1/${shards}`, startAt, runId }, problems);
  const flow = raw.url === undefined ? flowOf(raw.flows, problems) : null;
  problems.throwIfAny();
  return {
    shards,
    image: own.image,
    namespace: own.namespace,
    volumeClaim: own.volumeClaim,
    secret: own.secret,
    resources: { cpu: own.cpu, memory: own.memory },
    runId,
    startAtMs,
    renderedAtMs: now,
    runSeconds,
    // --workers, unless given, from the pod's CPU (wholeCores says why).
    runArgs: raw.workers === undefined ? [...sorted.run, '--workers', String(wholeCores(own.cpu))] : sorted.run,
    mergeArgs: sorted.merge,
    flow,
  };
}

function podProblems(own: RenderOwn): string[] {
  const problems: string[] = [];
  if (own.image.trim() === '') problems.push("--image wants an image name, got ''");
  if (own.namespace !== undefined && !DNS_LABEL.test(own.namespace)) problems.push(`--namespace wants a DNS label (a-z, 0-9, -), got '${own.namespace}'`);
  if (!DNS_SUBDOMAIN.test(own.volumeClaim)) problems.push(`--volume-claim wants a PersistentVolumeClaim name (a-z, 0-9, -, .), got '${own.volumeClaim}'`);
  if (own.secret !== undefined && !DNS_SUBDOMAIN.test(own.secret)) problems.push(`--secret wants a Secret name (a-z, 0-9, -, .), got '${own.secret}'`);
  if (!QUANTITY.test(own.cpu)) problems.push(`--cpu wants a Kubernetes quantity like 2 or 1500m, got '${own.cpu}'`);
  if (!QUANTITY.test(own.memory)) problems.push(`--memory wants a Kubernetes quantity like 2Gi, got '${own.memory}'`);
  return problems;
}

/** `run`'s options as given on the command line: the renderer's environment is not the pods'. */
function flagsOnly(command: Command, runOptions: readonly Option[]): RawRunOptions {
  const raw: Record<string, unknown> = {};
  for (const option of runOptions) {
    const key = option.attributeName();
    if (command.getOptionValueSource(key) === 'cli') raw[key] = command.getOptionValue(key);
  }
  return raw as RawRunOptions;
}

/**
 * `run`'s own checks of every shard's options (all problems, as `run` words them), giving how long
 * a shard runs after the start: warm-up, run time and the stop timeout.
 */
async function runSecondsOf(raw: RawRunOptions, problems: Problems): Promise<number> {
  const { buildRunConfig } = await import('../runner/run-config.js');
  // Each of run's problems, as run words it, joins render's own in one list.
  const runProblems: string[] = [];
  const relabel = (message: string) => (runProblems.push(message), message);
  try {
    const config = buildRunConfig(raw, {}, { relabel });
    return config.warmupS + config.runTimeS + config.stopTimeoutS;
  } catch (error) {
    if (!(error instanceof UsageError) || runProblems.length === 0) throw error;
    problems.push(...runProblems);
    return 0;
  }
}

/** The flow file as the ConfigMap ships it: -f's, else the tool's default flow. */
function flowOf(file: string | undefined, problems: Problems): FlowFile | null {
  const path = file ?? join(PACKAGE_ROOT, 'flows/erp.ts');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    problems.push(`--flows: cannot read '${path}': ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    return null;
  }
  try {
    return shippedFlow(path, text);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    problems.push(error.message);
    return null;
  }
}
