import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newRunId, redactSecrets, writeSummary } from '../../src/result/write.js';
import type { Summary } from '../../src/schema/summary.js';
import { tempDir } from '../helpers.js';

const summaryWith = (fields: Record<string, unknown>): Summary => ({ schemaVersion: 2, ...fields }) as unknown as Summary;

describe('redacting the secrets of a run', () => {
  it('replaces each secret of 4 characters or more wherever it is, and leaves shorter ones', () => {
    const summary = summaryWith({ name: '/api/?token=s3cr3t&k=abc', error: 'Bearer s3cr3t refused', key: 'abcd' });
    const redacted = redactSecrets(summary, ['s3cr3t', 'abc', 'abcd']);
    expect(redacted).toEqual(summaryWith({ name: '/api/?token=[redacted]&k=abc', error: 'Bearer [redacted] refused', key: '[redacted]' }));
    // The original is not changed.
    expect((summary as unknown as { key: string }).key).toBe('abcd');
  });

  it('finds a secret JSON escapes (a quote, a backslash) and keeps the file valid', () => {
    const redacted = redactSecrets(summaryWith({ header: 'pa"ss\\word here' }), ['pa"ss\\word']);
    expect(redacted).toEqual(summaryWith({ header: '[redacted] here' }));
  });

  it('gives the summary itself when no secret is long enough', () => {
    const summary = summaryWith({ a: 'xyz' });
    expect(redactSecrets(summary, ['xyz', ''])).toBe(summary);
    expect(redactSecrets(summary, [])).toBe(summary);
  });
});

describe('writing summary.json', () => {
  it('writes the summary, indented by one, into a folder it makes, leaving no temporary file', () => {
    const dir = join(tempDir('bl-write-'), 'runs', 'r1');
    const summary = summaryWith({ run: { id: 'r1' } });
    const path = writeSummary(summary, dir);
    expect(path).toBe(join(dir, 'summary.json'));
    expect(readFileSync(path, 'utf8')).toBe(JSON.stringify(summary, null, 1));
    writeSummary(summaryWith({ run: { id: 'r2' } }), dir);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ schemaVersion: 2, run: { id: 'r2' } });
    expect(readdirSync(dir)).toEqual(['summary.json']);
  });

  it('throws when it cannot write, and removes its temporary file', () => {
    const dir = tempDir('bl-write-');
    // A folder where summary.json should be: the rename over it fails.
    mkdirSync(join(dir, 'summary.json'));
    expect(() => writeSummary(summaryWith({}), dir)).toThrow();
    expect(readdirSync(dir)).toEqual(['summary.json']);
    expect(existsSync(join(dir, `.summary.json.${process.pid}.tmp`))).toBe(false);
  });

  it('throws the error of a summary it cannot serialise, having written nothing', () => {
    const dir = tempDir('bl-write-');
    const circular = summaryWith({});
    (circular as unknown as { self: unknown }).self = circular;
    expect(() => writeSummary(circular, dir)).toThrow(/circular/);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('a run id', () => {
  it('is the local date and time to the second, zero-padded', () => {
    expect(newRunId(new Date(2026, 0, 2, 3, 4, 5))).toBe('20260102-030405');
    expect(newRunId(new Date(2026, 10, 27, 19, 30, 12))).toBe('20261127-193012');
  });
});
