// The architecture's folder edges, kept by the lint (docs/architecture.md says the same in words;
// test/architecture/layers.test.ts checks that the two agree and that a back-import fails).
// A folder of src/ may import only the folders listed for it (and itself); everything else is a
// back-import or a skipped layer. The base modules (errors, random, version) import nothing of ours.

/** Layer → the layers it may import. `base` is src/errors.ts, src/random.ts, src/version.ts. */
export const LAYERS = {
  schema: [],
  hdr: ['schema'],
  'flow-api': ['base', 'schema'],
  config: ['base', 'schema'],
  metrics: ['base', 'schema', 'hdr'],
  audit: ['base', 'schema'],
  protocol: ['base', 'schema', 'hdr', 'flow-api', 'config', 'metrics'],
  browser: ['base', 'schema', 'hdr', 'flow-api', 'config', 'metrics'],
  result: ['base', 'schema', 'hdr', 'config', 'metrics', 'audit'],
  report: ['base', 'schema', 'hdr'],
  live: ['base', 'schema', 'hdr', 'metrics', 'result', 'report'],
  runner: ['base', 'schema', 'hdr', 'flow-api', 'config', 'metrics', 'audit', 'protocol', 'browser', 'result', 'live'],
  deploy: ['base', 'schema', 'config'],
  target: ['base'],
  commands: ['base', 'schema', 'hdr', 'flow-api', 'config', 'metrics', 'audit', 'protocol', 'browser', 'result', 'report', 'live', 'runner', 'deploy', 'target'],
};

export const BASE_MODULES = ['errors', 'random', 'version'];

/**
 * Files that still cross an edge, each with the change that removes it (issue 9). The list only
 * shrinks: a new file never goes here.
 */
export const KNOWN_CROSSINGS = {
};

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const ALL = [...Object.keys(LAYERS), 'base'];
/** How deep files sit under src/<layer>/ (src/report/html/x.ts is depth 2). */
const MAX_DEPTH = 4;

function forbiddenRegex(layer, depth) {
  const up = escape('../'.repeat(depth));
  const parts = ALL.filter((other) => other !== layer && !LAYERS[layer].includes(other)).map((other) =>
    other === 'base' ? `(?:${BASE_MODULES.join('|')})\\.js$` : `${escape(other)}(?:/|\\.js$)`,
  );
  return parts.length === 0 ? null : `^${up}(?:${parts.join('|')})`;
}

export function layerRules() {
  const configs = [];
  for (const layer of Object.keys(LAYERS)) {
    for (let depth = 1; depth <= MAX_DEPTH; depth++) {
      const regex = forbiddenRegex(layer, depth);
      if (regex === null) continue;
      const message = `${layer} may import only ${LAYERS[layer].join(', ') || 'nothing of ours'} (docs/architecture.md): data flows one way`;
      configs.push({
        files: [`src/${layer}/${'*/'.repeat(depth - 1)}*.ts`],
        ignores: Object.keys(KNOWN_CROSSINGS),
        rules: {
          'no-restricted-imports': ['error', { patterns: [{ regex, message }] }],
          // Dynamic import() escapes no-restricted-imports; the same edges apply to it.
          'no-restricted-syntax': ['error', { selector: `ImportExpression[source.value=/${regex.replace(/\//g, '\\/')}/]`, message }],
        },
      });
    }
  }
  return configs;
}
