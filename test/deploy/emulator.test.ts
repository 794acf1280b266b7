/**
 * The rendered manifests run as Kubernetes would run them, on this machine: the shard Job's pods
 * are processes started with the container's command and arguments read from the YAML, the index
 * in JOB_COMPLETION_INDEX, the credentials from a stand-in Secret by the manifest's references,
 * the ConfigMap's files and the shared volume in a temporary folder; then the merge Job's two
 * containers, one after the other. The merged run has the planned totals and a tight start.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { IJob } from 'kubernetes-models/batch/v1/Job';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IContainer } from 'kubernetes-models/v1/Container';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { renderPlan } from '../../src/commands/k8s.js';
import { ENTRYPOINT } from '../../src/deploy/k8s-plan.js';
import { renderYaml } from '../../src/deploy/render.js';
import type { Summary } from '../../src/schema/summary.js';
import { type DemoTarget, startDemoTarget } from '../../src/target/server.js';
import { type CliResult, readSummary, runCli, tempDir } from '../helpers.js';

const SHARDS = 3;
const RATE = 300;
const SECONDS = 8;
/** Three CLIs (TypeScript through tsx, a TypeScript flow) getting ready on a busy machine. */
const READY_WITHIN_MS = 20_000;
const API_KEY = 'emulated-secret-key';
/**
 * The flow the ConfigMap ships: one authenticated lookup per arrival, light enough that three
 * shards and the target on a busy machine keep the schedule (the default flow's writes and CSV
 * reports would saturate it, and a saturated generator starts arrivals late, not the plan).
 */
const FLOW = `import { defineFlow } from 'browse-load/flow';
export default defineFlow({
  name: 'one entry',
  protocol: {
    tasks: [{ name: 'get entry', async run(user) {
      await user.http.get(\`/api/journal-entries/\${1 + Math.floor(user.random() * 100)}/\`, { name: '/api/journal-entries/[id]/' });
    } }],
  },
});
`;
/** The Secret the manifests refer to, as `kubectl create secret generic` would hold it. */
const SECRET: Record<string, string> = { BROWSE_LOAD_API_KEY: API_KEY };

let target: DemoTarget;
/** The emulated node's file system: the pods' absolute paths live under it. */
let root: string;
let runId: string;
let shardRuns: CliResult[];
let waited: CliResult;
let merged: CliResult;
let mergeJob: IJob;

const onNode = (path: string) => join(root, path);

/** The pod's process: the image's entrypoint minus tini (this test reaps its children), paths on the node. */
function podCommand(container: IContainer, mounts: string[]): string[] {
  expect(container.command).toEqual(ENTRYPOINT);
  const [tini, separator, binary] = container.command!;
  expect([tini, separator, binary]).toEqual(['/usr/bin/tini', '--', 'browse-load']);
  return container.args!.map((arg) => (mounts.some((m) => arg.startsWith(`${m}/`)) ? onNode(arg) : arg));
}

function podEnv(container: IContainer, index?: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = index === undefined ? {} : { JOB_COMPLETION_INDEX: String(index) };
  for (const variable of container.env ?? []) {
    const ref = variable.valueFrom?.secretKeyRef;
    if (ref === undefined) env[variable.name] = variable.value;
    else if (SECRET[ref.key] !== undefined) env[variable.name] = SECRET[ref.key];
    else expect(ref.optional, `${variable.name}: a key the Secret lacks`).toBe(true);
  }
  return env;
}

/** The volumes of a pod on the node: ConfigMaps written out, the claim one shared folder. */
function mountVolumes(job: IJob, configMaps: IConfigMap[]): string[] {
  const pod = job.spec!.template.spec!;
  const mounts: string[] = [];
  for (const mount of pod.containers[0]!.volumeMounts ?? []) {
    const volume = pod.volumes!.find((v) => v.name === mount.name)!;
    if (volume.emptyDir?.medium === 'Memory') continue; // /dev/shm: the node's own
    mkdirSync(onNode(mount.mountPath), { recursive: true });
    const data = volume.configMap ? configMaps.find((c) => c.metadata!.name === volume.configMap!.name)!.data! : {};
    for (const [file, text] of Object.entries(data)) writeFileSync(onNode(join(mount.mountPath, file)), text);
    mounts.push(mount.mountPath);
  }
  return mounts;
}

async function runContainer(container: IContainer, mounts: string[], index?: number): Promise<CliResult> {
  const cwd = onNode(container.workingDir!);
  mkdirSync(cwd, { recursive: true });
  return runCli(podCommand(container, mounts), { cwd, env: podEnv(container, index), timeoutMs: 120_000 });
}

beforeAll(async () => {
  target = await startDemoTarget({ port: 0, apiKey: API_KEY });
  root = tempDir('bl-k8s-node-');
  const flowFile = join(tempDir('bl-k8s-flow-'), 'one-entry.ts');
  writeFileSync(flowFile, FLOW);
  const startAt = new Date(Math.ceil((Date.now() + READY_WITHIN_MS) / 1000) * 1000).toISOString();
  const plan = await renderPlan(['--shards', String(SHARDS), '--image', 'browse-load:emulated', '--secret', 'erp-load', '--host', target.url,
    '--arrival-rate', String(RATE), '-t', `${SECONDS}s`, '-b', '0', '--workers', '1', '--quiet', '--no-html', '--start-at', startAt, '-f', flowFile], Date.now());
  runId = plan.runId;
  const docs = parseAllDocuments(renderYaml(plan)).map((d) => d.toJS() as IJob | IConfigMap);
  const configMaps = docs.filter((d): d is IConfigMap => d.kind === 'ConfigMap');
  const jobs = docs.filter((d): d is IJob => d.kind === 'Job');
  const shardJob = jobs.find((j) => j.spec!.completionMode === 'Indexed')!;
  mergeJob = jobs.find((j) => j !== shardJob)!;
  const mounts = mountVolumes(shardJob, configMaps);
  const container = shardJob.spec!.template.spec!.containers[0]!;
  shardRuns = await Promise.all(Array.from({ length: shardJob.spec!.completions! }, (_, index) => runContainer(container, mounts, index)));
  // The merge Job: its init container, then its container, on the same volume.
  const mergePod = mergeJob.spec!.template.spec!;
  const mergeMounts = mergePod.containers[0]!.volumeMounts!.map((m) => m.mountPath);
  waited = await runContainer(mergePod.initContainers![0]!, mergeMounts);
  merged = await runContainer(mergePod.containers[0]!, mergeMounts);
}, 180_000);

afterAll(async () => {
  await target?.close();
});

const resultsOnVolume = () => onNode(join(dirname(mergeJob.spec!.template.spec!.containers[0]!.volumeMounts![0]!.mountPath), 'results', runId));
const started = (s: Summary) => s.openModel!.started;

describe('the rendered Jobs, run as Kubernetes would', () => {
  it('runs every shard its stripe from the common start, with the Secret\'s key', () => {
    for (const run of shardRuns) expect(run.code, run.stderr).toBe(0);
    const shards = [1, 2, 3].map((i) => readSummary(join(resultsOnVolume(), `shard-${i}-of-${SHARDS}`)));
    const planned = (RATE * SECONDS) / SHARDS;
    for (const s of shards) {
      expect(Math.abs(started(s) - planned), `shard ${s.run.shard?.index}: ${started(s)} started`).toBeLessThanOrEqual(0.05 * planned);
      expect(Math.abs(s.run.actualStart! - s.run.plannedStart!)).toBeLessThan(100);
      // The flow came from the ConfigMap, the key from the Secret: every lookup answered.
      expect(s.run.flow).toBe(onNode('/flows/one-entry.ts'));
      expect(s.aggregate.count).toBeGreaterThan(0);
      expect(s.aggregate.failures).toBe(0);
    }
    expect(new Set(shards.map((s) => s.run.planHash)).size).toBe(1);
  });

  it('merges once every shard is done, to the one-machine totals', () => {
    expect(waited.code, waited.stderr).toBe(0);
    expect(waited.stdout).toMatch(new RegExp(`^${SHARDS} of ${SHARDS} shards done`, 'm'));
    expect(merged.code, merged.stderr).toBe(0);
    const summary = readSummary(join(resultsOnVolume(), 'merged'));
    const planned = RATE * SECONDS;
    expect(Math.abs(started(summary) - planned), `${started(summary)} started`).toBeLessThanOrEqual(0.03 * planned);
    expect(summary.run.shards!.map((p) => p.shard!.index)).toEqual([1, 2, 3]);
    for (const part of summary.run.shards!) expect(Math.abs(part.startSkewMs!)).toBeLessThan(100);
  });
});
