/**
 * `k8s render`'s manifests: valid Kubernetes objects (kubernetes-models' schema of the API), and
 * the rules a sharded run needs that no schema checks: one Indexed Job whose pods each run their
 * shard from one common start and are never retried, Guaranteed resources, spread over nodes, a
 * memory-backed /dev/shm, results on the shared volume, credentials only from a Secret, and a merge
 * Job that waits for the shards on that volume. Bad input: one line, exit 2.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IJob } from 'kubernetes-models/batch/v1/Job';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { renderPlan } from '../../src/commands/k8s.js';
import { DEADLINE_SLACK_S, PATHS, SECRET_KEYS } from '../../src/deploy/k8s-plan.js';
import { renderYaml } from '../../src/deploy/render.js';
import { EXIT } from '../../src/errors.js';
import { startDemoTarget } from '../../src/target/server.js';
import { readSummary, runCli, tempDir } from '../helpers.js';
import { type BadInput, expectRefused, runCliBounded } from '../commands/bad-input-helpers.js';

const NOW = Date.parse('2026-12-01T12:00:00.000Z');
const START = '2026-12-01T12:01:00.000Z';
const BASE = ['--shards', '3', '--image', 'registry.example/browse-load:1', '--host', 'http://erp:3000', '--arrival-rate', '300', '-t', '8s', '-s', '5s', '-b', '0', '--start-at', START];

async function rendered(extra: string[] = [], now = NOW) {
  const plan = await renderPlan([...BASE, ...extra], now);
  const text = renderYaml(plan);
  const docs = parseAllDocuments(text).map((d) => d.toJS() as IJob | IConfigMap);
  const jobs = docs.filter((d): d is IJob => d.kind === 'Job');
  const shardJob = jobs.find((j) => j.spec!.completionMode === 'Indexed')!;
  const mergeJob = jobs.find((j) => j !== shardJob)!;
  const configMap = docs.find((d): d is IConfigMap => d.kind === 'ConfigMap');
  return { plan, text, docs, shardJob, mergeJob, configMap, pod: shardJob.spec!.template.spec!, shard: shardJob.spec!.template.spec!.containers[0]! };
}

describe('k8s render', () => {
  it('renders a ConfigMap and two Jobs that pass the Kubernetes schema', async () => {
    const { docs, shardJob, mergeJob, configMap } = await rendered(['--secret', 'erp-load']);
    expect(docs.map((d) => d.kind)).toEqual(['ConfigMap', 'Job', 'Job']);
    new ConfigMap(configMap!).validate();
    new Job(shardJob).validate();
    new Job(mergeJob).validate();
    // The schema is really checked: a wrong enum is refused.
    expect(() => new Job({ ...shardJob, spec: { ...shardJob.spec!, completionMode: 'Striped' as 'Indexed' } }).validate()).toThrow(/completionMode/);
  });

  it('runs N pods of one Indexed Job, each its shard from the common start, never retried', async () => {
    const { shardJob, pod, shard, plan } = await rendered();
    const spec = shardJob.spec!;
    expect(spec.completions).toBe(3);
    expect(spec.parallelism).toBe(3);
    // Never retried: a second attempt would run its stripe twice.
    expect(spec.backoffLimit).toBe(0);
    expect(pod.restartPolicy).toBe('Never');
    // 60 s to the start, 8 s run time, 5 s stop timeout, then the slack.
    expect(spec.activeDeadlineSeconds).toBe(60 + 8 + 5 + DEADLINE_SLACK_S);
    expect(shard.args!.slice(0, 3)).toEqual(['run', '-f', `${PATHS.flows}/erp.ts`]);
    const after = (flag: string) => shard.args![shard.args!.indexOf(flag) + 1];
    expect(after('--shard')).toBe('auto/3');
    expect(after('--start-at')).toBe(START);
    expect(after('--run-id')).toBe(plan.runId);
    expect(plan.runId).toBe('20261201-120100Z');
    expect(after('--arrival-rate')).toBe('300');
  });

  it('takes the start from --start-margin when --start-at is not given', async () => {
    const plan = await renderPlan(BASE.filter((a) => a !== '--start-at' && a !== START).concat('--start-margin', '90s'), NOW + 400);
    expect(new Date(plan.startAtMs).toISOString()).toBe('2026-12-01T12:01:31.000Z');
  });

  it('gives each pod Guaranteed resources, a spread over nodes and a memory-backed /dev/shm', async () => {
    const { pod, shard, shardJob } = await rendered(['--cpu', '1500m', '--memory', '3Gi']);
    expect(shard.resources!.requests).toEqual({ cpu: '1500m', memory: '3Gi' });
    expect(shard.resources!.limits).toEqual(shard.resources!.requests);
    // Worker threads by the pod's CPU, not by the node's cores that Node would count.
    expect(shard.args![shard.args!.indexOf('--workers') + 1]).toBe('1');
    expect((await rendered(['--cpu', '4'])).shard.args!.join(' ')).toContain('--workers 4');
    expect((await rendered(['--cpu', '4', '--workers', '2'])).shard.args!.join(' ')).toMatch(/--workers 2(?!.*--workers)/);
    const spread = pod.topologySpreadConstraints![0]!;
    expect(spread.topologyKey).toBe('kubernetes.io/hostname');
    // The pods' own labels select them, and none of the merge Job's.
    expect(spread.labelSelector!.matchLabels).toEqual(shardJob.spec!.template.metadata!.labels);
    expect(spread.labelSelector!.matchLabels!['app.kubernetes.io/component']).toBe('shard');
    const shm = pod.volumes!.find((v) => v.emptyDir)!;
    expect(shm.emptyDir).toMatchObject({ medium: 'Memory' });
    expect(shm.emptyDir!.sizeLimit).toMatch(/Gi$/);
    expect(shard.volumeMounts!.find((m) => m.name === shm.name)!.mountPath).toBe('/dev/shm');
  });

  it('writes the results on the ReadWriteMany claim, under <run-id>/shard-<I>-of-<N>/ as --shard does', async () => {
    const { pod, shard } = await rendered(['--volume-claim', 'load-results']);
    const claim = pod.volumes!.find((v) => v.persistentVolumeClaim)!;
    expect(claim.persistentVolumeClaim!.claimName).toBe('load-results');
    // run writes results/<run-id>/shard-<I>-of-<N>/ under its working folder: the claim is that results/.
    expect(shard.volumeMounts!.find((m) => m.name === claim.name)!.mountPath).toBe(`${shard.workingDir}/results`);
    expect(shard.args).not.toContain('--results-dir');
  });

  it('takes credentials only from the Secret, and refuses them as flags', async () => {
    // The renderer's own environment is not the pods': its key must not reach the manifests.
    process.env.BROWSE_LOAD_API_KEY = 'key-of-the-renderer';
    const { shard, text } = await rendered(['--secret', 'erp-load']).finally(() => delete process.env.BROWSE_LOAD_API_KEY);
    expect(shard.env!.map((e) => e.name)).toEqual([...SECRET_KEYS]);
    for (const env of shard.env!) {
      expect(env.value).toBeUndefined();
      expect(env.valueFrom!.secretKeyRef).toEqual({ name: 'erp-load', key: env.name, optional: true });
    }
    expect(text).not.toContain('key-of-the-renderer');
    expect(shard.args).not.toContain('--api-key');
    await expect(renderPlan([...BASE, '--api-key', 's3cret'], NOW)).rejects.toThrow(/^k8s render --api-key: credentials are never written into the manifests: .*--secret NAME$/);
  });

  it('ships the flow file in the ConfigMap, its flow API import by the package name', async () => {
    const { configMap, pod } = await rendered();
    expect(Object.keys(configMap!.data!)).toEqual(['erp.ts']);
    expect(configMap!.data!['erp.ts']).toContain("from 'browse-load/flow'");
    expect(configMap!.data!['erp.ts']).not.toContain('../src/flow-api');
    expect(pod.volumes!.find((v) => v.configMap)!.configMap!.name).toBe(configMap!.metadata!.name);

    const dir = tempDir('bl-k8s-flow-');
    const own = join(dir, 'shop.ts');
    writeFileSync(own, "import { defineFlow } from 'browse-load/flow';\nimport { items } from './items.js';\nexport default defineFlow({ name: 'shop', protocol: { tasks: [] } });\n");
    await expect(renderPlan([...BASE, '-f', own], NOW)).rejects.toThrow(/ships the flow .*shop\.ts as one file, but it imports \.\/items\.js/);
    const big = join(dir, 'big.ts');
    writeFileSync(big, `export default {};\n// ${'x'.repeat(1024 * 1024)}\n`);
    await expect(renderPlan([...BASE, '-f', big], NOW)).rejects.toThrow(/big\.ts is \d+ bytes, more than a ConfigMap holds \(1 MiB\)/);
  });

  it('ships a default flow that runs from a folder of its own, as in the pod', async () => {
    const { configMap } = await rendered([]);
    const flows = tempDir('bl-k8s-configmap-');
    for (const [file, text] of Object.entries(configMap!.data!)) writeFileSync(join(flows, file), text);
    const target = await startDemoTarget({ port: 0 });
    try {
      const runDir = join(flows, 'run');
      const run = await runCli(['run', '-f', join(flows, 'erp.ts'), '--host', target.url, '--api-key', 'demo-api-key', '-u', '1', '-t', '1s', '-b', '0', '--quiet', '--no-html', '--results-dir', runDir], { cwd: flows });
      expect(run.code, run.stderr).toBe(0);
      expect(readSummary(runDir).aggregate.count).toBeGreaterThan(0);
    } finally {
      await target.close();
    }
  }, 60_000);

  it('renders no ConfigMap for a --url run', async () => {
    const { docs, shard } = await rendered(['--url', '/health']);
    expect(docs.map((d) => d.kind)).toEqual(['Job', 'Job']);
    expect(shard.args).not.toContain('-f');
    expect(shard.args!.join(' ')).toContain('--url /health');
  });

  it('merges in a Job of its own that waits for the shards on the volume', async () => {
    const { mergeJob, plan } = await rendered(['--csv', 'results/erp', '--exit-code-on-error', '3']);
    const pod = mergeJob.spec!.template.spec!;
    expect(mergeJob.spec!.backoffLimit).toBe(0);
    expect(pod.restartPolicy).toBe('Never');
    const wait = pod.initContainers![0]!.args!;
    expect(wait.slice(0, 5)).toEqual(['k8s', 'wait-shards', `results/${plan.runId}`, '--shards', '3']);
    expect(wait[6]).toBe(new Date(Date.parse(START) + (8 + 5 + DEADLINE_SLACK_S) * 1000).toISOString());
    const merge = pod.containers[0]!.args!;
    expect(merge).toEqual(['merge', ...[1, 2, 3].map((i) => `results/${plan.runId}/shard-${i}-of-3`), '--out', `results/${plan.runId}/merged`, '--exit-code-on-error', '3', '--csv', 'results/erp']);
    expect(pod.volumes![0]!.persistentVolumeClaim!.claimName).toBe('browse-load-results');
  });
});

const bad = (what: string, args: string[], says: RegExp): BadInput => ({ what, args: ['k8s', 'render', ...args], exit: EXIT.usage, says });
const GOOD = ['--image', 'img', '--host', 'http://erp:3000', '-u', '10'];
const BAD_INPUT: BadInput[] = [
  bad('no margin before the start', ['--shards', '3', ...GOOD, '--start-margin', '0s'], /--start-margin wants a duration above 0/),
  bad('no host: run\'s own line, whole', ['--shards', '3', '--image', 'img', '-u', '1'], /^browse-load: --host is required \(e\.g\. --host .*; `browse-load demo-target` serves one\)$/),
  bad('no shards', ['--shards', '0', ...GOOD], /--shards wants a whole number >= 1, got '0'/),
  bad('no image', ['--shards', '3', '--host', 'http://erp:3000'], /required option '--image <image>' not specified/),
  bad('a flag run does not know', ['--shards', '3', ...GOOD, '--bogus'], /unknown option '--bogus'/),
  bad('a bad run option, with a bad pod option: both at once', ['--shards', '3', '--image', 'img', '--host', 'http://erp:3000', '--cpu', 'lots', '-u', 'many'], /^browse-load: 2 problems: --cpu wants .*; --users wants /),
  bad('a credential as a flag', ['--shards', '3', ...GOOD, '--password', 'p'], /k8s render --password: credentials are never written into the manifests/),
  bad('a --start-at that is no time', ['--shards', '3', ...GOOD, '--start-at', 'tomorrow'], /^browse-load: --start-at wants an RFC 3339 time like .*, got 'tomorrow'$/),
  bad('a --start-at in the past', ['--shards', '3', ...GOOD, '--start-at', '2020-01-01T00:00:00Z'], /--start-at 2020-01-01T00:00:00Z is not in the future/),
  bad('--shard', ['--shards', '3', ...GOOD, '--shard', '1/3'], /--shard: each pod gets --shard auto\/N from its JOB_COMPLETION_INDEX/),
];

describe('k8s render: bad input', () => {
  it.each(BAD_INPUT)('$what: one line, exit 2', async (c) => {
    expectRefused(await runCliBounded(c.args), c);
  }, 30_000);
});
