/**
 * `-i N`: a ticket per iteration, no more than N in all, and done only when the N-th iteration
 * has ended, not when it was taken.
 */
import { describe, expect, it } from 'vitest';
import { IterationBudget } from '../../src/protocol/iteration-budget.js';
import { settled } from './settled.js';

describe('the iteration budget', () => {
  it('gives exactly N tickets, then refuses', () => {
    const budget = new IterationBudget(3);
    expect(budget.exhausted).toBe(false);
    expect([budget.take(), budget.take()]).toEqual([true, true]);
    expect(budget.exhausted).toBe(false);
    expect(budget.take()).toBe(true);
    expect(budget.exhausted).toBe(true);
    expect([budget.take(), budget.take()]).toEqual([false, false]);
    expect(budget.exhausted).toBe(true);
  });

  it('is done when the last iteration ends, not when its ticket is taken', async () => {
    const budget = new IterationBudget(2);
    budget.take();
    budget.take();
    expect(await settled(budget.done)).toBe(false);
    budget.end();
    expect(await settled(budget.done)).toBe(false);
    budget.end();
    expect(await settled(budget.done)).toBe(true);
  });

  it('of 1 is done after one iteration, and of 0 at once with no ticket to give', async () => {
    const one = new IterationBudget(1);
    expect(await settled(one.done)).toBe(false);
    expect(one.take()).toBe(true);
    one.end();
    expect(await settled(one.done)).toBe(true);
    const none = new IterationBudget(0);
    expect(none.exhausted).toBe(true);
    expect(none.take()).toBe(false);
    expect(await settled(none.done)).toBe(true);
  });
});
