// The second half of `npm run build`: tsc's dist/src/cli.js bundled by esbuild into dist/bundle/,
// which bin/browse-load.js runs. A start then loads a few dozen files instead of tsc's ~140 (module
// loading was most of a short run's CPU). Split, so that what the CLI imports lazily (the runner,
// the renderers, the demo target) stays in chunks of its own, with the packages they import:
// an unsplit bundle hoists those packages into every start. Packages stay external (node_modules
// as installed). dist/src/ stays: the tests, the worker threads' types and the flow API need it.
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { ROOT } from './compiled.js';

export const BUNDLE_DIR = join(ROOT, 'dist', 'bundle');
const COMPILED_SRC = join(ROOT, 'dist', 'src');

/**
 * Files that stay tsc's, imported from the bundle by their dist/src/ path. The flow API, because a
 * flow imports `browse-load/flow` (resolved to dist/src/flow-api/index.js) and must get the very
 * module instances the runner uses (feed()'s state, defineFlow); the base files the flow API
 * imports, so that an error it throws is an instance of the class the CLI checks.
 */
const KEPT = [join(COMPILED_SRC, 'flow-api') + sep, join(COMPILED_SRC, 'errors.js'), join(COMPILED_SRC, 'version.js')];
const isKept = (file) => KEPT.some((kept) => (kept.endsWith(sep) ? file.startsWith(kept) : file === kept));

/** Every chunk sits in BUNDLE_DIR itself, so one relative path from there reaches a kept file. */
const keepOutside = {
  name: 'keep-flow-api-outside',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      const file = resolve(args.resolveDir, args.path);
      return isKept(file) ? { path: relative(BUNDLE_DIR, file).split(sep).join('/'), external: true } : undefined;
    });
  },
};

/** A kept file that imported a bundled one would load a second copy of it, with its own state. */
function keptImportsOnlyKept(files) {
  const problems = [];
  const seen = new Set(files);
  for (const file of seen) {
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'(\.\.?\/[^']+)'/g)) {
      const target = resolve(dirname(file), spec);
      if (isKept(target)) seen.add(target);
      else problems.push(`${relative(ROOT, file)} imports ${relative(ROOT, target)}, which the bundle holds a copy of`);
    }
  }
  return problems;
}

const OPTIONS = {
  absWorkingDir: ROOT,
  // worker-entry.js beside the chunks: worker-users.js starts threads from './worker-entry.js'.
  entryPoints: { cli: join(COMPILED_SRC, 'cli.js'), 'worker-entry': join(COMPILED_SRC, 'runner', 'worker-entry.js') },
  outdir: BUNDLE_DIR,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  plugins: [keepOutside],
  // Read only with --debug (bin/browse-load.js), so that its stack names tsc's files, not chunks.
  sourcemap: true,
  metafile: true,
  logLevel: 'silent',
};

/** Builds dist/bundle/ from dist/src/ (tsc's output); the problems, none when it worked. */
export async function bundle() {
  rmSync(BUNDLE_DIR, { recursive: true, force: true });
  let result;
  try {
    const esbuild = await import('esbuild');
    result = await esbuild.build(OPTIONS);
  } catch (error) {
    return (error.errors ?? [error]).map((e) => e.text ?? e.message);
  }
  const inputs = Object.keys(result.metafile.inputs).map((input) => resolve(ROOT, input));
  const bundledKept = inputs.filter(isKept);
  if (bundledKept.length > 0) return bundledKept.map((file) => `${relative(ROOT, file)} was bundled, but must stay outside`);
  const keptFiles = Object.values(result.metafile.outputs)
    .flatMap((output) => output.imports)
    .filter((imported) => imported.external && imported.path.startsWith('.'))
    .map((imported) => resolve(BUNDLE_DIR, imported.path));
  return keptImportsOnlyKept([...new Set(keptFiles)]);
}
