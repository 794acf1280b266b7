/**
 * The shards as one Indexed Job: pod I-1 runs `run --shard auto/N` (its index from
 * JOB_COMPLETION_INDEX), every pod with the same arguments and the same --start-at, so they agree
 * on the plan and the start with no coordinator. A shard is never retried: a second attempt would
 * run its stripe of the schedule twice: backoffLimit 0. A shard of several exits 0 whatever its own
 * thresholds say (the merge judges them), so only a shard that could not run fails the Job, and
 * then the Job stops the others: the run is broken and `merge` would refuse it anyway.
 */
import type { IJob } from 'kubernetes-models/batch/v1/Job';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IEnvVar } from 'kubernetes-models/v1/EnvVar';
import type { IVolume } from 'kubernetes-models/v1/Volume';
import { ENTRYPOINT, type FlowFile, type K8sPlan, objectNames, PATHS, SECRET_KEYS, SHM_SIZE, shardDeadlineS } from './k8s-plan.js';

/** Labels of every object of the run; the pods' selector for spreading them over nodes. */
export function runLabels(plan: K8sPlan, component: 'shard' | 'merge' | 'flow'): Record<string, string> {
  return {
    'app.kubernetes.io/name': 'browse-load',
    'app.kubernetes.io/instance': objectNames(plan.runId).shards,
    'app.kubernetes.io/component': component,
  };
}

export function metadataOf(plan: K8sPlan, name: string, component: 'shard' | 'merge' | 'flow') {
  return { name, ...(plan.namespace ? { namespace: plan.namespace } : {}), labels: runLabels(plan, component) };
}

export function flowConfigMap(plan: K8sPlan & { flow: FlowFile }): IConfigMap {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: metadataOf(plan, objectNames(plan.runId).flow, 'flow'), data: { [plan.flow.fileName]: plan.flow.text } };
}

/** `run`'s arguments in every pod: the same for all, so the plan hash is the same. */
export function shardArgs(plan: K8sPlan): string[] {
  const startAt = new Date(plan.startAtMs).toISOString();
  const flow = plan.flow ? ['-f', `${PATHS.flows}/${plan.flow.fileName}`] : [];
  return ['run', ...flow, ...plan.runArgs, '--shard', `auto/${plan.shards}`, '--start-at', startAt, '--run-id', plan.runId];
}

/** Credentials only as references to the Secret's keys; a key the Secret lacks is left unset. */
export function secretEnv(plan: K8sPlan): IEnvVar[] {
  if (!plan.secret) return [];
  const name = plan.secret;
  return SECRET_KEYS.map((key) => ({ name: key, valueFrom: { secretKeyRef: { name, key, optional: true } } }));
}

export function resultsVolume(plan: K8sPlan): IVolume {
  return { name: 'results', persistentVolumeClaim: { claimName: plan.volumeClaim } };
}

function shardContainer(plan: K8sPlan): IContainer {
  const limits = { cpu: plan.resources.cpu, memory: plan.resources.memory };
  return {
    name: 'shard',
    image: plan.image,
    command: ENTRYPOINT,
    args: shardArgs(plan),
    workingDir: PATHS.workingDir,
    env: secretEnv(plan),
    resources: { requests: limits, limits },
    volumeMounts: [
      ...(plan.flow ? [{ name: 'flow', mountPath: PATHS.flows, readOnly: true }] : []),
      { name: 'results', mountPath: PATHS.results },
      { name: 'shm', mountPath: PATHS.shm },
    ],
    securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false },
  };
}

export function shardJob(plan: K8sPlan): IJob {
  const names = objectNames(plan.runId);
  const labels = runLabels(plan, 'shard');
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: metadataOf(plan, names.shards, 'shard'),
    spec: {
      completionMode: 'Indexed',
      completions: plan.shards,
      parallelism: plan.shards,
      backoffLimit: 0,
      activeDeadlineSeconds: shardDeadlineS(plan),
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: 'Never',
          // Spread, but never held back: a pod left pending past --start-at would join late.
          topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: labels } }],
          containers: [shardContainer(plan)],
          volumes: [
            ...(plan.flow ? [{ name: 'flow', configMap: { name: names.flow } }] : []),
            resultsVolume(plan),
            { name: 'shm', emptyDir: { medium: 'Memory', sizeLimit: SHM_SIZE } },
          ],
        },
      },
    },
  };
}
