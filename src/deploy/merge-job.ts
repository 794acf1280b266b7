/**
 * The merge as a Job of its own on the same volume: an init container waits until every shard's
 * summary.json is final (`k8s wait-shards`, bounded by the shards' deadline), then `merge` makes one
 * run of them, re-evaluating the run's thresholds on the merged histograms. Waiting on the volume
 * needs no access to the Kubernetes API (no ServiceAccount, no RBAC, no kubectl image), and it
 * waits for what the merge reads: a shard's folder, not its pod's status.
 */
import type { IJob } from 'kubernetes-models/batch/v1/Job';
import type { IContainer } from 'kubernetes-models/v1/Container';
import { DEADLINE_SLACK_S, ENTRYPOINT, type K8sPlan, MERGE_SLACK_S, objectNames, PATHS, shardDeadlineS, shardFolder } from './k8s-plan.js';
import { metadataOf, resultsVolume } from './shard-job.js';

/** The run's folder on the volume and the merged run's, relative to the working folder. */
export function mergeFolders(plan: K8sPlan): { run: string; merged: string } {
  return { run: `results/${plan.runId}`, merged: `results/${plan.runId}/merged` };
}

/** When waiting for the shards ends: the last one's planned end with the slack. */
export function shardsDueAt(plan: K8sPlan): string {
  return new Date(plan.startAtMs + Math.ceil(plan.runSeconds) * 1000 + DEADLINE_SLACK_S * 1000).toISOString();
}

export function waitArgs(plan: K8sPlan): string[] {
  return ['k8s', 'wait-shards', mergeFolders(plan).run, '--shards', String(plan.shards), '--until', shardsDueAt(plan)];
}

export function mergeArgs(plan: K8sPlan): string[] {
  const shards = Array.from({ length: plan.shards }, (_, i) => shardFolder(plan.runId, i + 1, plan.shards));
  return ['merge', ...shards, '--out', mergeFolders(plan).merged, ...plan.mergeArgs];
}

function container(plan: K8sPlan, name: string, args: string[]): IContainer {
  // Small and Guaranteed: a merge reads JSON and renders reports.
  const limits = { cpu: '1', memory: '1Gi' };
  return {
    name,
    image: plan.image,
    command: ENTRYPOINT,
    args,
    workingDir: PATHS.workingDir,
    resources: { requests: limits, limits },
    volumeMounts: [{ name: 'results', mountPath: PATHS.results }],
    securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false },
  };
}

export function mergeJob(plan: K8sPlan): IJob {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: metadataOf(plan, objectNames(plan.runId).merge, 'merge'),
    spec: {
      completions: 1,
      parallelism: 1,
      backoffLimit: 0,
      activeDeadlineSeconds: shardDeadlineS(plan) + MERGE_SLACK_S,
      template: {
        metadata: { labels: metadataOf(plan, '', 'merge').labels },
        spec: {
          restartPolicy: 'Never',
          initContainers: [container(plan, 'wait-shards', waitArgs(plan))],
          containers: [container(plan, 'merge', mergeArgs(plan))],
          volumes: [resultsVolume(plan)],
        },
      },
    },
  };
}
