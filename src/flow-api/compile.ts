/**
 * A TypeScript flow compiled once, for the worker threads of `--workers N`: each worker would
 * otherwise load tsx and esbuild's service and compile the same files again (a quarter of a
 * CPU-second per worker). The main thread bundles the flow's own files into one JavaScript module
 * in a temporary folder; the workers import that plain module.
 *
 * The bundle must behave as the files did where they are:
 * - `browse-load/flow` stays an import, which each worker's alias (resolve-hook.ts) maps;
 * - a package the flow imports stays an import of the file it resolves to from the flow's folder
 *   (the temporary folder has no node_modules), and Node's built-ins stay imports;
 * - `import.meta.url`, `.dirname` and `.filename` in each file keep naming that file, so a flow
 *   reading its data beside itself still finds it.
 * A flow written as CommonJS (`require`, `module.exports`, `__dirname`) is not compiled: its
 * workers load it through tsx as before (null here).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire, isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Esbuild from 'esbuild';
import { FLOW_API_SPECIFIER } from './resolve-hook.js';

export interface CompiledFlow {
  /** The bundled module, plain JavaScript. */
  file: string;
  /** Removes the temporary folder (the run is over). */
  dispose(): void;
}

const INNER = Symbol('inner resolve');

/** esbuild as tsx brings it (tsx depends on it): no second copy, and no dependency of our own to keep in step. */
async function loadEsbuild(): Promise<typeof Esbuild> {
  const fromTsx = createRequire(import.meta.resolve('tsx/esm/api'));
  return (await import(pathToFileURL(fromTsx.resolve('esbuild')).href)) as typeof Esbuild;
}

/** Bundles the flow at `flowFile`; null when it cannot be bundled faithfully (then workers use tsx). */
export async function compileFlow(flowFile: string): Promise<CompiledFlow | null> {
  const esbuild = await loadEsbuild();
  const dir = mkdtempSync(join(tmpdir(), 'browse-load-flow-'));
  const dispose = () => rmSync(dir, { recursive: true, force: true });
  const file = join(dir, 'flow.mjs');
  try {
    const result = await esbuild.build({
      entryPoints: [flowFile],
      outfile: file,
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      logLevel: 'silent',
      metafile: true,
      plugins: [keepImports(), ownImportMeta()],
    });
    const commonJs = Object.values(result.metafile.inputs).some((input) => input.format === 'cjs');
    if (commonJs) throw new Error('a CommonJS flow');
    return { file, dispose };
  } catch {
    // The main thread has loaded the flow already, so its own faults were reported there; what
    // esbuild alone refuses is no reason to fail the run.
    dispose();
    return null;
  }
}

/** The flow API, packages and built-ins stay imports; packages resolved from the importing file. */
function keepImports(): Esbuild.Plugin {
  return {
    name: 'browse-load-keep-imports',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.pluginData === INNER) return undefined;
        if (args.path === FLOW_API_SPECIFIER || isBuiltin(args.path)) return { path: args.path, external: true };
        const found = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: INNER });
        if (found.errors.length > 0) return { errors: found.errors };
        return { path: pathToFileURL(found.path).href, external: true };
      });
    },
  };
}

const IMPORT_META = /\bimport\.meta\.(url|dirname|filename)\b/g;

/** Each file's `import.meta.url` (and dirname, filename) as it was where the file is. */
function ownImportMeta(): Esbuild.Plugin {
  return {
    name: 'browse-load-own-import-meta',
    setup(build) {
      build.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, async (args) => {
        const source = await readFile(args.path, 'utf8');
        const own = { url: pathToFileURL(args.path).href, dirname: dirname(args.path), filename: args.path };
        const contents = source.replace(IMPORT_META, (_match, key: keyof typeof own) => JSON.stringify(own[key]));
        return { contents, loader: loaderOf(args.path), resolveDir: dirname(args.path) };
      });
    },
  };
}

function loaderOf(path: string): Esbuild.Loader {
  if (/\.[cm]?tsx$/.test(path)) return 'tsx';
  if (/\.[cm]?ts$/.test(path)) return 'ts';
  return /\.[cm]?jsx$/.test(path) ? 'jsx' : 'js';
}
