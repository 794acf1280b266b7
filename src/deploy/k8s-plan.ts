/**
 * What `k8s render` renders: one sharded run as Kubernetes objects. The plan is decided by the
 * command (its flags, the flow file's text, the clock); the renderers in this folder turn it into
 * manifests and know nothing else, so the same plan always gives the same YAML.
 */

/** The flow every pod runs, shipped in a ConfigMap: its file name and text. */
export interface FlowFile {
  fileName: string;
  text: string;
}

/** Requests equal to limits: the pod is Guaranteed, so a busy node cannot squeeze a generator. */
export interface PodResources {
  cpu: string;
  memory: string;
}

export interface K8sPlan {
  shards: number;
  image: string;
  namespace?: string;
  /** A ReadWriteMany PersistentVolumeClaim the shards write to and the merge Job reads. */
  volumeClaim: string;
  /** A Secret whose keys are the credential variables (BROWSE_LOAD_API_KEY, …), each optional. */
  secret?: string;
  resources: PodResources;
  runId: string;
  /** The common start, epoch ms (`--start-at` of every shard). */
  startAtMs: number;
  /** When the manifests were rendered, epoch ms: the Jobs' deadlines count from about then. */
  renderedAtMs: number;
  /** Warm-up + run time + stop timeout: how long a shard runs after the start. */
  runSeconds: number;
  /** `run`'s options for every shard, besides -f, --shard, --start-at and --run-id (added here). */
  runArgs: string[];
  /** `merge`'s own options (--exit-code-on-error) when given to render. */
  mergeArgs: string[];
  /** The flow file; null for a --url run, which needs none. */
  flow: FlowFile | null;
}

/** The image's entrypoint (deploy/Containerfile): tini as PID 1 reaps Chromium's children. */
export const ENTRYPOINT = ['/usr/bin/tini', '--', 'browse-load'];

/** Where the pods keep things; the working folder holds results/, the PVC. */
export const PATHS = {
  workingDir: '/work',
  results: '/work/results',
  flows: '/flows',
  shm: '/dev/shm',
} as const;

/** Chromium keeps its frames in /dev/shm; Kubernetes' default of 64 MiB crashes it. */
export const SHM_SIZE = '1Gi';

/** After the last shard's planned end: reports written, and a late `kubectl apply`. */
export const DEADLINE_SLACK_S = 120;
/** The merge Job's own time after the shards' deadline: reading and rendering the parts. */
export const MERGE_SLACK_S = 300;

/** The credential variables a Secret may hold, each read by `run` from its environment. */
export const SECRET_KEYS = ['BROWSE_LOAD_API_KEY', 'BROWSE_LOAD_USERNAME', 'BROWSE_LOAD_PASSWORD', 'BROWSE_LOAD_WEB_AUTH'] as const;

/** `<results>/<run-id>/shard-<I>-of-<N>`, as `run --shard I/N` writes it (relative to the working folder). */
export function shardFolder(runId: string, index1: number, count: number): string {
  return `results/${runId}/shard-${index1}-of-${count}`;
}

/** The names of the run's objects: one base, DNS-1123, short enough for `<job>-<index>` pod hostnames. */
export function objectNames(runId: string): { flow: string; shards: string; merge: string } {
  const label = runId.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
  const base = `browse-load-${label}`.slice(0, 50).replace(/-+$/, '');
  return { flow: `${base}-flow`, shards: base, merge: `${base}-merge` };
}

/**
 * Whole cores of a CPU quantity ('2' → 2, '1500m' → 1), at least 1: a pod's worker threads. Node
 * counts the node's cores, not the pod's CPU limit, so `run`'s default would start a thread per
 * core of a big node and throttle them all.
 */
export function wholeCores(cpu: string): number {
  const millis = cpu.endsWith('m') ? Number(cpu.slice(0, -1)) : Number(cpu) * 1000;
  return Math.max(1, Math.floor(millis / 1000));
}

/** Seconds from rendering to the shards' end, with slack: the shard Job's activeDeadlineSeconds. */
export function shardDeadlineS(plan: K8sPlan): number {
  const lead = Math.max(0, Math.ceil((plan.startAtMs - plan.renderedAtMs) / 1000));
  return lead + Math.ceil(plan.runSeconds) + DEADLINE_SLACK_S;
}
