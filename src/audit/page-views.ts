/**
 * How many views each (page, view) had, the divisor of the per-view savings. Browser resources are
 * kept per (page, view) across network profiles, page rows per profile too ("/ [cold, slow-4g]"),
 * so the views of every profile of a (page, view) add up.
 */
import type { PageStats } from '../schema/summary.js';

/** The key of a (page, view): what a page row is named without a network profile. */
export const pageViewKey = (page: string, view: string): string => `${page} [${view}]`;

/** Views per (page, view) key, from the page rows that had any. */
export function pageViews(pages: readonly PageStats[]): Map<string, number> {
  const views = new Map<string, number>();
  for (const p of pages) {
    if (p.views === 0) continue;
    // A page row's name is its page, then " [<view>" and, under a profile, ", <profile>]"; a row
    // named otherwise (by hand) keys on its whole name, and so matches no resource.
    const at = p.name.lastIndexOf(` [${p.view}`);
    const key = at < 0 ? p.name : pageViewKey(p.name.slice(0, at), p.view);
    views.set(key, (views.get(key) ?? 0) + p.views);
  }
  return views;
}
