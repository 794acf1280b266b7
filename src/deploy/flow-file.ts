/**
 * The flow file as a ConfigMap ships it: one file, mounted away from the tool's checkout. An
 * import of the flow API by a relative path (`../src/flow-api/index.js`, as the flows of this
 * repository write it) becomes `browse-load/flow`, which resolves from any folder; any other
 * relative import would find nothing in the pod, so it is refused rather than failing there.
 */
import { basename, dirname, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { PACKAGE_ROOT } from '../version.js';
import type { FlowFile } from './k8s-plan.js';

const FLOW_API = 'browse-load/flow';
/** What Kubernetes stores in one ConfigMap (etcd's object limit). */
const CONFIG_MAP_BYTES = 1024 * 1024;
const FLOW_API_FILES = ['src/flow-api/index.js', 'src/flow-api/index.ts'].map((file) => resolve(PACKAGE_ROOT, file));
/** `from './x'`, `import './x'` and `import('./x')`: the specifier is group 3. */
const RELATIVE_IMPORT = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"]*)\2/g;

export function shippedFlow(path: string, text: string): FlowFile {
  const shipped = text.replace(RELATIVE_IMPORT, (whole, keyword: string, quote: string, specifier: string) => {
    if (FLOW_API_FILES.includes(resolve(dirname(path), specifier))) return `${keyword}${quote}${FLOW_API}${quote}`;
    throw new UsageError(`k8s render ships the flow ${path} as one file, but it imports ${specifier}: import the flow API as '${FLOW_API}', and bundle other imports into the flow (or build them into your image)`);
  });
  const bytes = Buffer.byteLength(shipped);
  if (bytes > CONFIG_MAP_BYTES) throw new UsageError(`k8s render: the flow ${path} is ${bytes} bytes, more than a ConfigMap holds (1 MiB): build it into your image`);
  const fileName = basename(path);
  // A ConfigMap's key, and the file's name in the pod.
  if (!/^[-._a-zA-Z0-9]+$/.test(fileName)) throw new UsageError(`k8s render: the flow's file name '${fileName}' must be letters, digits, '-', '_' or '.' (a ConfigMap key)`);
  return { fileName, text: shipped };
}
