/**
 * A TypeScript flow compiled once for the worker threads (src/flow-api/compile.ts) behaves as the
 * files did where they are: local helpers bundled, the flow API and packages left as imports, each
 * file's import.meta.url its own.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileFlow } from '../../src/flow-api/compile.js';
import { ROOT, tempDir } from '../helpers.js';

/**
 * The flow as a worker loads it, in a Node process of its own: vitest's module runner does not
 * consult Node's resolve hooks, which map 'browse-load/flow'.
 */
function loadedElsewhere(file: string): { name: string; wait: string } {
  const load = pathToFileURL(join(ROOT, 'src/flow-api/load.ts')).href;
  const script = `const { loadFlowFile } = await import(${JSON.stringify(load)});
const { flow } = await loadFlowFile(${JSON.stringify(file)});
process.stdout.write(JSON.stringify({ name: flow.name, wait: flow.protocol.wait.describe }));`;
  return JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' })) as { name: string; wait: string };
}

/** A user's folder: a flow, a helper beside it in lib/, a data file the helper reads, a package of its own. */
function userFolder(): string {
  const dir = tempDir('browse-load-compile-');
  mkdirSync(join(dir, 'lib'));
  mkdirSync(join(dir, 'node_modules/greeting'), { recursive: true });
  writeFileSync(join(dir, 'node_modules/greeting/package.json'), JSON.stringify({ name: 'greeting', type: 'module', exports: { import: './index.js' } }));
  writeFileSync(join(dir, 'node_modules/greeting/index.js'), "export const greeting = 'hello from the package';\n");
  writeFileSync(join(dir, 'lib/words.txt'), 'alpha beta gamma\n');
  writeFileSync(
    join(dir, 'lib/words.ts'),
    `import { readFileSync } from 'node:fs';
export const here: string = import.meta.url;
export const words: string[] = readFileSync(new URL('./words.txt', import.meta.url), 'utf8').trim().split(' ');
`,
  );
  writeFileSync(
    join(dir, 'flow.ts'),
    `import { between, defineFlow } from 'browse-load/flow';
import { greeting } from 'greeting';
import { here, words } from './lib/words.js';
interface Named { name: string }
const first: Named = { name: words[0] };
export default defineFlow({
  name: [first.name, greeting, here].join('|'),
  protocol: { wait: between(1, 2), tasks: [{ name: 'health', async run(user) { await user.http.get('/health'); } }] },
});
`,
  );
  return dir;
}

describe('a TypeScript flow compiled once for the workers', () => {
  it('loads as plain JavaScript and behaves as the files where they are', async () => {
    const dir = userFolder();
    const compiled = await compileFlow(join(dir, 'flow.ts'));
    expect(compiled).not.toBeNull();
    try {
      expect(compiled!.file.endsWith('.mjs')).toBe(true);
      const code = readFileSync(compiled!.file, 'utf8');
      // The package and the flow API are imports, not copies in the bundle.
      expect(code).not.toContain('hello from the package');
      expect(code).toMatch(/from ["']browse-load\/flow["']/);
      const flow = loadedElsewhere(compiled!.file);
      expect(flow.name).toBe(`alpha|hello from the package|${pathToFileURL(join(dir, 'lib/words.ts')).href}`);
      expect(flow.wait).toBe('between(1, 2)');
    } finally {
      compiled!.dispose();
    }
    expect(existsSync(dirname(compiled!.file))).toBe(false);
  });

  it('leaves a CommonJS flow to tsx (null), and its temporary folder removed', async () => {
    const dir = tempDir('browse-load-compile-');
    const file = join(dir, 'flow.cts');
    writeFileSync(file, "const { defineFlow } = require('browse-load/flow');\nmodule.exports = defineFlow({ name: 'cjs', protocol: { tasks: [] } });\n");
    const copies = () => readdirSync(tmpdir()).filter((name) => name.startsWith('browse-load-flow-')).length;
    const before = copies();
    expect(await compileFlow(file)).toBeNull();
    expect(copies()).toBe(before);
  });
});
