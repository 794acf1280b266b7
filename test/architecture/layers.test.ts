/** The folder edges of docs/architecture.md are what the lint enforces, and the lint rejects a back-import. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { LAYERS } from '../../eslint.layers.js';
import { ROOT } from '../helpers.js';

const eslint = new ESLint({ cwd: ROOT });

async function lintAt(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, path) });
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('the layer rule', () => {
  it('rejects a metrics file that imports a report', async () => {
    const messages = await lintAt('src/metrics/probe.ts', "import { bytes } from '../report/format.js';\nexport const b = bytes;\n");
    expect(messages.join('\n')).toMatch(/no-restricted-imports: .*metrics may import only base, schema, hdr/);
  });

  it('rejects a dynamic import across an edge, from a nested folder too', async () => {
    const messages = await lintAt('src/report/html/probe.ts', "export const load = () => import('../../runner/run.js');\n");
    expect(messages.join('\n')).toMatch(/no-restricted-syntax: report may import only/);
  });

  it('keeps the schema a leaf: not even the base modules', async () => {
    const messages = await lintAt('src/schema/probe.ts', "import { EXIT } from '../errors.js';\nexport const e = EXIT;\n");
    expect(messages.join('\n')).toMatch(/schema may import only nothing of ours/);
  });

  it('lets a layer import what its row allows, and its own folder', async () => {
    const messages = await lintAt(
      'src/report/html/probe.ts',
      "import type { Summary } from '../../schema/summary.js';\nimport { decodeHistogram } from '../../hdr/histogram.js';\nimport { utc } from '../format.js';\nexport type S = Summary;\nexport const d = [decodeHistogram, utc];\n",
    );
    expect(messages).toEqual([]);
  });
});

describe('docs/architecture.md', () => {
  it('lists exactly the edges the lint enforces', () => {
    const text = readFileSync(join(ROOT, 'docs/architecture.md'), 'utf8');
    const table = text.split('## Allowed edges')[1].split('\n## ')[0];
    const rows = table.split('\n').filter((line) => /^\| [a-z-]+ \|/.test(line) && !line.startsWith('| layer') && !line.startsWith('| ---'));
    const documented = Object.fromEntries(
      rows.map((line) => {
        const [layer, allowed] = line.split('|').slice(1, 3).map((cell) => cell.trim());
        return [layer, allowed === '–' ? [] : allowed.split(', ')];
      }),
    );
    expect(documented).toEqual(LAYERS);
  });
});
