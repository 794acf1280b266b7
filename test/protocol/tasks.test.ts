/**
 * Task selection at its edges: a tag filter keeps a task with any of the tags asked for and drops
 * one with any excluded tag, says which filters left nothing, and the weighted pick's boundaries.
 */
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { WeightedPicker, filterTasks } from '../../src/protocol/tasks.js';

const run = async (): Promise<void> => {};
const tasks = [
  { name: 'browse', tags: ['read', 'admin'], run },
  { name: 'post', tags: ['write'], run },
  { name: 'untagged', run },
];
const names = (kept: { name: string }[]): string[] => kept.map((t) => t.name);

describe('tag filters', () => {
  it('keep a task that has any of the tags asked for, and drop one that has any excluded tag', () => {
    expect(names(filterTasks(tasks, ['read'], []))).toEqual(['browse']);
    expect(names(filterTasks(tasks, [], ['admin']))).toEqual(['post', 'untagged']);
    expect(names(filterTasks(tasks, [], []))).toEqual(['browse', 'post', 'untagged']);
  });

  it('name both filters when nothing is left, a dash for the one not given', () => {
    expect(() => filterTasks(tasks, ['report', 'audit'], [])).toThrow(new UsageError('no task left after tag filters (--tags report,audit, --exclude-tags -)'));
    const tagged = tasks.slice(0, 2);
    expect(() => filterTasks(tagged, [], ['read', 'write'])).toThrow(new UsageError('no task left after tag filters (--tags -, --exclude-tags read,write)'));
  });
});

describe('the weighted pick', () => {
  it('refuses a negative or missing weight and weights that add up to 0', () => {
    expect(() => new WeightedPicker([{ weight: 1 }, { weight: -1 }])).toThrow(new UsageError('task weight must be >= 0, got -1'));
    expect(() => new WeightedPicker([{ weight: Number.NaN }])).toThrow(UsageError);
    expect(() => new WeightedPicker([{ weight: 0 }, { weight: 0 }])).toThrow(new UsageError('task weights add up to 0: no task can run'));
    expect(() => new WeightedPicker([{ weight: 0 }, { weight: 2 }])).not.toThrow();
  });

  it('gives each task the span of its weight: a draw on a boundary goes to the task after it', () => {
    const picker = new WeightedPicker([{ id: 'a' }, { id: 'b', weight: 2 }, { id: 'c' }]);
    // The spans of 4: a [0, 1), b [1, 3), c [3, 4).
    expect([0, 0.2499, 0.25, 0.7499, 0.75, 0.9999].map((r) => picker.pick(() => r).id)).toEqual(['a', 'a', 'b', 'b', 'c', 'c']);
  });
});
