/**
 * `import … from 'browse-load/flow'` from a flow file in any folder. Node finds a package by name
 * only in the importing file's own node_modules (or inside the package itself), so a user's flow
 * in ~/erp-load/flows/ would not find us. The loader maps the name to the flow API of the running
 * installation instead, as tsconfig-paths does: one copy, whatever the flow's folder holds.
 *
 * Two resolvers need the alias, because a flow may be loaded either way:
 * - ESM (`import`): a module.register resolve hook. It runs in Node's hooks thread, where our
 *   TypeScript cannot be loaded in every mode (from source, under vitest), so it is a few lines of
 *   plain JavaScript given as a data: URL, told the target through `initialize`.
 * - CommonJS (`require`): tsx compiles a .ts flow outside an ESM package (no package.json with
 *   "type": "module") to CommonJS, and module.register hooks do not see require() in Node 20, so
 *   Module._resolveFilename is wrapped too.
 */
import Module from 'node:module';
import { fileURLToPath } from 'node:url';

export const FLOW_API_SPECIFIER = 'browse-load/flow';

/**
 * The flow API of this installation: the compiled one beside the compiled CLI (no tsx needed for
 * a JavaScript flow), the TypeScript source when the CLI runs from source.
 */
export const FLOW_API_URL = new URL(import.meta.url.endsWith('.js') ? './index.js' : './index.ts', import.meta.url);

const ESM_HOOK = `
let target;
export function initialize(data) { target = data.target; }
export function resolve(specifier, context, next) {
  return specifier === ${JSON.stringify(FLOW_API_SPECIFIER)} ? { url: target, shortCircuit: true } : next(specifier, context);
}`;

type ResolveFilename = (request: string, ...rest: unknown[]) => string;
const cjs = Module as unknown as { _resolveFilename: ResolveFilename };

let registered = false;

/** Registers both aliases, once per thread (each worker thread has its own resolvers). */
export function aliasFlowApi(): void {
  if (registered) return;
  registered = true;
  Module.register(`data:text/javascript,${encodeURIComponent(ESM_HOOK)}`, { data: { target: FLOW_API_URL.href } });
  const target = fileURLToPath(FLOW_API_URL);
  const next = cjs._resolveFilename;
  cjs._resolveFilename = function resolveFilename(this: unknown, request: string, ...rest: unknown[]): string {
    return next.call(this, request === FLOW_API_SPECIFIER ? target : request, ...rest);
  };
}
