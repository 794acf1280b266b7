/**
 * `make mutation`'s TypeScript checker (scripts/mutation-checker.mjs): which mutants compile, over a
 * small project of its own, with TypeScript for real.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Mutant } from '@stryker-mutator/api/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { IncrementalTypescriptChecker } from '../../scripts/mutation-checker.mjs';
import { tempDir } from '../helpers.js';

const TOTAL = [
  'export function total(xs: number[]): number {',
  '  return xs.reduce((a, b) => a + b, 0);',
  '}',
  'export const label = (n: number) => `${n} ms`;',
  '',
].join('\n');
const USES = [
  "import { label, total } from './total.js';",
  'export const line: string = label(total([1, 2]));',
  '',
].join('\n');
const TSCONFIG = JSON.stringify({
  compilerOptions: { strict: true, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2023'], types: [], skipLibCheck: true },
  include: ['*.ts'],
});

function project(files: Record<string, string>): string {
  const dir = tempDir('browse-load-checker-');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

let ids = 0;
/** The mutant that replaces `original` (its first occurrence in `file`'s text) with `replacement`. */
function mutant(dir: string, file: string, original: string, replacement: string): Mutant {
  const text = readFileSync(join(dir, file), 'utf8');
  const at = (offset: number) => {
    const before = text.slice(0, offset).split('\n');
    return { line: before.length - 1, column: before.at(-1)!.length };
  };
  const start = text.indexOf(original);
  if (start < 0) throw new Error(`${original} is not in ${file}`);
  return { id: String(++ids), fileName: join(dir, file), mutatorName: 'test', replacement, location: { start: at(start), end: at(start + original.length) } };
}

describe('the incremental TypeScript checker of make mutation', () => {
  let dir: string;
  let checker: IncrementalTypescriptChecker;
  /** A check's result, with the reason a compile error has. */
  const verdict = async (m: Mutant) => (await checker.check([m]))[m.id] as { status: string; reason?: string };

  beforeAll(async () => {
    dir = project({ 'total.ts': TOTAL, 'uses.ts': USES, 'tsconfig.json': TSCONFIG });
    checker = new IncrementalTypescriptChecker({ tsconfigFile: join(dir, 'tsconfig.json') });
    await checker.init();
  });

  it('passes a mutant that still type-checks', async () => {
    expect(await verdict(mutant(dir, 'total.ts', 'a + b', 'a - b'))).toEqual({ status: 'passed' });
  });

  it('finds a type error in the mutated file, naming it', async () => {
    const result = await verdict(mutant(dir, 'total.ts', ', 0)', ", '')"));
    expect(result.status).toBe('compileError');
    expect(result.reason).toMatch(/total\.ts\(2,\d+\): error TS2322/);
  });

  it('finds the type error a mutant causes in a file that imports it', async () => {
    const result = await verdict(mutant(dir, 'total.ts', '`${n} ms`', 'n'));
    expect(result.status).toBe('compileError');
    expect(result.reason).toContain('uses.ts(2,');
    expect(result.reason).not.toContain('total.ts(');
  });

  it('finds a syntax error', async () => {
    const result = await verdict(mutant(dir, 'total.ts', 'return xs', 'return ) xs'));
    expect(result.status).toBe('compileError');
    expect(result.reason).toContain('total.ts(2,');
  });

  it('checks each mutant against the unmutated program: an earlier error does not linger', async () => {
    await verdict(mutant(dir, 'total.ts', '`${n} ms`', 'n'));
    expect(await verdict(mutant(dir, 'uses.ts', 'total([1, 2])', 'total([2, 1])'))).toEqual({ status: 'passed' });
    expect(await verdict(mutant(dir, 'total.ts', 'a + b', 'b + a'))).toEqual({ status: 'passed' });
  });

  it('checks each mutant of a group on its own', async () => {
    const broken = mutant(dir, 'total.ts', ', 0)', ", '')");
    const fine = mutant(dir, 'uses.ts', '[1, 2]', '[]');
    const results = await checker.check([broken, fine]);
    expect(results[broken.id].status).toBe('compileError');
    expect(results[fine.id]).toEqual({ status: 'passed' });
  });

  it('passes a mutant of a file outside the program', async () => {
    writeFileSync(join(dir, 'outside.js'), 'export const x = 1;\n');
    expect(await verdict(mutant(dir, 'outside.js', '1', "'one'"))).toEqual({ status: 'passed' });
  });

  it('never writes a mutant to disk', () => {
    expect(readFileSync(join(dir, 'total.ts'), 'utf8')).toBe(TOTAL);
    expect(readFileSync(join(dir, 'uses.ts'), 'utf8')).toBe(USES);
  });

  it('refuses to start on a program that does not compile unmutated', async () => {
    const broken = project({ 'total.ts': TOTAL.replace(', 0)', ", '')"), 'tsconfig.json': TSCONFIG });
    await expect(new IncrementalTypescriptChecker({ tsconfigFile: join(broken, 'tsconfig.json') }).init()).rejects.toThrow(/TypeScript errors in the unmutated program: .*total\.ts\(2,/s);
  });
});
