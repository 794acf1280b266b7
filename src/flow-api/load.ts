/** Loads the flow a run uses: a flow file (TypeScript or JavaScript), or --url quick routes. */
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UsageError } from '../errors.js';
import { PACKAGE_ROOT } from '../version.js';
import type { Flow } from './api.js';
import { aliasFlowApi } from './resolve-hook.js';

/** The default flow, shipped with the tool. */
export const DEFAULT_FLOW_FILE = pathToFileURL(join(PACKAGE_ROOT, 'flows/erp.ts'));

/**
 * The compiled CLI (dist/src/flow-api/load.js) has the default flow compiled beside it, built and
 * checked fresh together (bin/compiled.js), so a run of the default flow needs no TypeScript.
 */
const COMPILED_DEFAULT_FLOW = import.meta.url.endsWith('.js') ? new URL('../../flows/erp.js', import.meta.url) : null;

const TYPESCRIPT = /\.[cm]?tsx?$/;

export async function loadFlowFile(file: string | null): Promise<{ flow: Flow; source: string }> {
  const url = file === null ? defaultFlowUrl() : pathToFileURL(resolve(file));
  const source = file === null ? 'flows/erp.ts' : file;
  if (file !== null && !existsSync(resolve(file))) throw new UsageError(`--flows: no such file '${file}'`);
  if (file !== null && statSync(resolve(file)).isDirectory()) throw new UsageError(`--flows: '${file}' is a folder; give a flow file (.ts or .js)`);
  let module: { default?: unknown };
  // Before the flow's first import: its folder need not hold browse-load (resolve-hook.ts).
  aliasFlowApi();
  try {
    module = await settledImport(url);
  } catch (error) {
    // The flow's own error stays the cause: --debug prints its stack, where the flow threw.
    throw new UsageError(`--flows: ${loadFailure(source, error)}`, { cause: error });
  }
  const exported = module.default as (Flow & { default?: Flow }) | undefined;
  const flow = exported && !exported.protocol && !exported.browser && exported.default ? exported.default : exported;
  if (!flow || typeof flow !== 'object' || (!flow.protocol && !flow.browser)) {
    throw new UsageError(`--flows: '${source}' must export default defineFlow({ protocol, browser })`);
  }
  const problem = shapeProblem(flow);
  if (problem !== null) throw new UsageError(`--flows: '${source}' ${problem}`);
  return { flow, source };
}

/**
 * Why the flow file did not load, in one line. A syntax error comes from esbuild (through tsx) as
 * "Transform failed with 1 error:" and, on the next line, "FILE:LINE:COL: ERROR: what".
 */
function loadFailure(source: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const syntax = /^(.*?):(\d+):(\d+): ERROR: (.*)$/m.exec(message);
  if (syntax) return `'${source}' does not compile: line ${syntax[2]}, column ${syntax[3]}: ${syntax[4]}`;
  return `cannot load '${source}': ${message.split('\n')[0]}`;
}

/** What a flow that loaded gets wrong in its shape (the types say it, a JavaScript flow may not). */
function shapeProblem(flow: Flow): string | null {
  if (flow.protocol) {
    const { tasks } = flow.protocol;
    if (!Array.isArray(tasks) || tasks.length === 0) return 'has protocol users with no tasks';
    for (const [i, task] of tasks.entries()) {
      const called = typeof task?.name === 'string' ? `task '${task.name}'` : `task ${i + 1}`;
      if (typeof task?.name !== 'string' || task.name === '') return `has a ${called} without a name`;
      if (typeof task.run !== 'function') return `has a ${called} whose run is not a function`;
      if (task.weight !== undefined && !(typeof task.weight === 'number' && task.weight >= 0)) return `has a ${called} whose weight is not a number >= 0`;
    }
    if (!tasks.some((task) => (task.weight ?? 1) > 0)) return 'has task weights that add up to 0: no task can run';
    for (const hook of ['onStart', 'onStop'] as const) {
      if (flow.protocol[hook] !== undefined && typeof flow.protocol[hook] !== 'function') return `has a protocol ${hook} that is not a function`;
    }
  }
  const browser = flow.browser;
  if (browser?.run !== undefined && typeof browser.run !== 'function') return 'has a browser run that is not a function';
  if (browser?.pages !== undefined && !(Array.isArray(browser.pages) && browser.pages.every((p) => typeof p === 'string'))) return 'has browser pages that are not a list of paths';
  return null;
}

function defaultFlowUrl(): URL {
  return COMPILED_DEFAULT_FLOW && existsSync(COMPILED_DEFAULT_FLOW) ? COMPILED_DEFAULT_FLOW : DEFAULT_FLOW_FILE;
}

/**
 * A flow loads within a bound (BROWSE_LOAD_FLOW_LOAD_TIMEOUT_S, default 60 s: a top-level await
 * fetching its data may take a while). One whose top-level await never settles would otherwise
 * hang the run, or, when nothing else is going on, let the process exit 13 without a word: when the
 * event loop empties while the import waits, it never will settle, and that is said at once.
 */
async function settledImport(url: URL, env: NodeJS.ProcessEnv = process.env): Promise<{ default?: unknown }> {
  const boundS = Number(env.BROWSE_LOAD_FLOW_LOAD_TIMEOUT_S) > 0 ? Number(env.BROWSE_LOAD_FLOW_LOAD_TIMEOUT_S) : 60;
  let onEmpty = () => {};
  let bound: NodeJS.Timeout | undefined;
  const never = new Promise<never>((_resolve, reject) => {
    onEmpty = () => reject(new Error('its top-level await never settles (nothing is left to wait for)'));
    bound = setTimeout(() => reject(new Error(`it did not finish loading within ${boundS} s (a top-level await that never settles?)`)), boundS * 1000).unref();
  });
  process.once('beforeExit', onEmpty);
  try {
    return await Promise.race([importFlowModule(url), never]);
  } finally {
    process.off('beforeExit', onEmpty);
    clearTimeout(bound);
  }
}

/** JavaScript is imported as it is; TypeScript through tsx, loaded only then, so other runs never pay for it. */
async function importFlowModule(url: URL): Promise<{ default?: unknown }> {
  if (!TYPESCRIPT.test(url.pathname)) {
    try {
      return await import(url.href);
    } catch (error) {
      // A JavaScript flow that imports TypeScript (the flow API when the CLI runs from source, or
      // a helper of its own) fails before any of it runs: then it goes through tsx after all.
      if ((error as NodeJS.ErrnoException).code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw error;
    }
  }
  const { tsImport } = await import('tsx/esm/api');
  // tsImport loads the file as a module whatever package it sits in.
  return tsImport(url.href, import.meta.url);
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
