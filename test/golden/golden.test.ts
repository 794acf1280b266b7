/**
 * No behaviour changes by accident: every report rendered from two recorded demo-target runs is
 * byte-identical to test/golden/expected/, and a seeded run today has the recorded field shape and
 * CSV columns. A deliberate change regenerates the files (`npx tsx test/golden/update.ts`,
 * `GOLDEN_UPDATE=1 npx vitest run test/golden`) and is documented in the commit.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRunConfig } from '../../src/runner/run-config.js';
import { loadFlowFile } from '../../src/flow-api/load.js';
import { constant } from '../../src/flow-api/think.js';
import { locustCsvFiles } from '../../src/report/csv/index.js';
import { runLoadTest } from '../../src/runner/run.js';
import { startDemoTarget } from '../../src/target/server.js';
import { tempDir } from '../helpers.js';
import { EXPECTED_DIR, goldenOutputs } from './outputs.js';
import { fieldPaths } from './shape.js';

describe('reports of recorded runs', () => {
  const outputs = goldenOutputs();
  it.each(Object.keys(outputs))('%s is as recorded', (file) => {
    expect(outputs[file]).toBe(readFileSync(`${EXPECTED_DIR}${file}`, 'utf8'));
  });
});

/** The same field seen with another value type (null today, a number when recorded). */
function sameFieldOtherType(field: string, fields: Set<string>): boolean {
  const name = field.split(': ')[0];
  return [...fields].some((f) => f.split(': ')[0] === name);
}

/** Fields that exist only when the run had such data (a finding's fields depend on its code). */
function dataDependent(field: string): boolean {
  return /^\.(failures|exceptions|warnings)\[\]|findings\[\]|findingCounts\.|xCacheLatency|conditional|uncorrected|gzipBytes|savingMethod|notAudited|revalidation\.error/.test(field);
}

describe('a seeded mixed run against the demo target', () => {
  let target: Awaited<ReturnType<typeof startDemoTarget>>;
  beforeAll(async () => {
    target = await startDemoTarget({ port: 0 });
  });
  afterAll(async () => {
    await target?.close();
  });

  it('has the recorded summary fields and CSV columns', async () => {
    const { flow } = await loadFlowFile(null);
    const quick = { ...flow, protocol: { ...flow.protocol!, wait: constant(0.02) }, browser: { ...flow.browser!, wait: constant(0.2) } };
    const config = buildRunConfig(
      { host: target.url, users: '4', browserUsers: '1', runTime: '5s', apiKey: 'demo-api-key', seed: '7', seedGoals: true, quiet: true, resultsDir: tempDir() },
      {},
    );
    const { summary } = await runLoadTest({ config, flow: quick, flowSource: 'flows/erp.ts' });
    const shape = {
      fields: fieldPaths(summary),
      csvHeaders: locustCsvFiles(summary, true).map(([suffix, text]) => `${suffix}: ${text.split('\r\n')[0]}`),
      rowTypes: [...new Set(summary.stats.map((s) => s.type))].sort(),
      thresholds: summary.thresholds.map((t) => t.expression),
    };
    const file = `${EXPECTED_DIR}mixed-run.shape.json`;
    if (process.env.GOLDEN_UPDATE) writeFileSync(file, `${JSON.stringify(shape, null, 1)}\n`);
    const recorded = JSON.parse(readFileSync(file, 'utf8')) as typeof shape;
    // Fields appear only when their data does (a failure row, a should-compress saving): a field
    // the recorded run lacks is new, one the run lacks is gone, unless its data was absent in one of
    // the two runs (a busy machine can make a warm view miss the cache, and so add a finding).
    const recordedFields = new Set(recorded.fields);
    const todayFields = new Set(shape.fields);
    expect(shape.fields.filter((f) => !recordedFields.has(f) && !sameFieldOtherType(f, recordedFields) && !dataDependent(f))).toEqual([]);
    expect(recorded.fields.filter((f) => !todayFields.has(f) && !sameFieldOtherType(f, todayFields) && !dataDependent(f))).toEqual([]);
    expect({ ...shape, fields: [] }).toEqual({ ...recorded, fields: [] });
  });
});
