/** Loads the flow a run uses: a flow file (TypeScript or JavaScript), or --url quick routes. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { UsageError } from '../errors.js';
import type { Flow } from './api.js';

/** The default flow, shipped with the tool. */
export const DEFAULT_FLOW_FILE = new URL('../../flows/erp.ts', import.meta.url);

export async function loadFlowFile(file: string | null): Promise<{ flow: Flow; source: string }> {
  const url = file === null ? DEFAULT_FLOW_FILE : pathToFileURL(resolve(file));
  const source = file === null ? 'flows/erp.ts' : file;
  if (file !== null && !existsSync(resolve(file))) throw new UsageError(`--flows: no such file '${file}'`);
  let module: { default?: unknown };
  try {
    // tsImport loads the file as a module whatever package it sits in, TypeScript or not.
    module = await tsImport(url.href, import.meta.url);
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new UsageError(`--flows: cannot load '${source}': ${message}`);
  }
  const exported = module.default as (Flow & { default?: Flow }) | undefined;
  const flow = exported && !exported.protocol && !exported.browser && exported.default ? exported.default : exported;
  if (!flow || typeof flow !== 'object' || (!flow.protocol && !flow.browser)) {
    throw new UsageError(`--flows: '${source}' must export default defineFlow({ protocol, browser })`);
  }
  if (flow.protocol && (!Array.isArray(flow.protocol.tasks) || flow.protocol.tasks.length === 0)) {
    throw new UsageError(`--flows: '${source}' has protocol users with no tasks`);
  }
  return { flow, source };
}

/** --url PATH…: each iteration is one GET of one of the paths, like wrk or autocannon. */
export function urlFlow(paths: readonly string[]): Flow {
  return {
    name: 'urls',
    protocol: {
      tasks: paths.map((path) => ({
        name: `GET ${path}`,
        async run(user) {
          await user.http.get(path);
        },
      })),
    },
  };
}
