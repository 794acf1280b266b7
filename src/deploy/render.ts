/**
 * `k8s render`'s output: the run's objects in the order `kubectl apply -f -` needs them (the
 * ConfigMap before the pods that mount it), as one YAML stream. The yaml package writes it, so
 * a flow file's text of any shape comes out as a valid block scalar.
 */
import { stringify } from 'yaml';
import type { K8sPlan } from './k8s-plan.js';
import { mergeJob } from './merge-job.js';
import { flowConfigMap, shardJob } from './shard-job.js';

export type Manifest = ReturnType<typeof flowConfigMap> | ReturnType<typeof shardJob>;

export function manifestsOf(plan: K8sPlan): Manifest[] {
  const flow = plan.flow ? [flowConfigMap({ ...plan, flow: plan.flow })] : [];
  return [...flow, shardJob(plan), mergeJob(plan)];
}

export function renderYaml(plan: K8sPlan): string {
  // Long lines (a flow's, an argument list) are kept whole rather than folded.
  return manifestsOf(plan).map((m) => stringify(m, { lineWidth: 0, aliasDuplicateObjects: false })).join('---\n');
}
