/**
 * Evidence of failed views: a JPEG of the viewport per failed view and, with `--trace
 * on-failure`, the view's Playwright trace (one trace chunk per view, written only when the view
 * failed), both in the run folder's `evidence/`. Capped per run in count and in size, so a run
 * whose every view fails writes a bounded folder. Keeping evidence never fails a view, and never
 * holds it long: a page that cannot be shot leaves an entry without a screenshot. A page that
 * paints no frame cannot be shot at all: a document whose body failed mid-way (cut short, reset,
 * a lying gzip) or a navigation still waiting for its answer renders nothing, and both
 * Playwright's screenshot and CDP's Page.captureScreenshot wait for a frame until their timeout,
 * which held a user 3 s a failed view. So a view known to be stalled (view.ts) is not shot, and any
 * other page is first asked for one animation frame.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright';
import type { ViewEvidence } from '../schema/summary.js';
import { within } from './bounded.js';

export type TraceMode = 'off' | 'on-failure';

/** What a view's end tells the keeper: its row, its error (null: it passed), whether its page paints nothing. */
export interface EndedView {
  row: string;
  error: string | null;
  stalled?: boolean;
}

/** Failed views kept per run; later ones are counted (`evidenceDropped`). */
export const MAX_EVIDENCE = 20;
/** A screenshot over this is not written (a 1366×768 viewport at quality 60 is well under). */
export const MAX_SCREENSHOT_BYTES = 1_000_000;
/** A page that paints gives its next frame within a few ms (4–6 ms measured); one that does not, never. */
const FRAME_WAIT_MS = 250;
/** The screenshot of a page that paints took 40–90 ms on a busy machine; this bounds a stall past that. */
export const SCREENSHOT_TIMEOUT_MS = 1500;
/** Starting a trace chunk or writing one took 8–185 ms (measured); past this, the view goes on without it. */
const TRACE_BOUND_MS = 5000;

/** "/dashboard/ [cold, slow-4g]" → "dashboard-cold-slow-4g": a file name part. */
const slug = (row: string): string => row.replace(/[^a-z0-9]+/gi, '-').replace(/^-+|-+$/g, '').toLowerCase().slice(0, 60) || 'page';

export class EvidenceKeeper {
  private readonly kept: ViewEvidence[] = [];
  private dropped = 0;
  private seq = 0;

  /** folder null: no run folder (a test's pool), nothing is kept. */
  constructor(
    private readonly runDir: string | null,
    readonly trace: TraceMode = 'off',
    private readonly max = MAX_EVIDENCE,
  ) {}

  /** A new context: with --trace on-failure its tracing starts (snapshots and screenshots). */
  async contextOpened(context: BrowserContext): Promise<void> {
    if (this.trace === 'off' || this.runDir === null) return;
    await within(context.tracing.start({ screenshots: true, snapshots: true }), TRACE_BOUND_MS, undefined);
  }

  /** Before a view: its own trace chunk. */
  async viewStarting(context: BrowserContext): Promise<void> {
    if (this.trace === 'off' || this.runDir === null) return;
    await within(context.tracing.startChunk(), TRACE_BOUND_MS, undefined);
  }

  /**
   * After a view: when it failed or went over a page threshold (`error` says which), under the
   * cap, its screenshot (unless the page is `stalled`: it paints nothing) and trace are written;
   * else the trace chunk is dropped.
   */
  async viewEnded(page: Page, { row, error, stalled }: EndedView): Promise<void> {
    const tracing = this.trace !== 'off' && this.runDir !== null;
    const dropChunk = async (): Promise<void> => {
      if (tracing) await within(page.context().tracing.stopChunk(), TRACE_BOUND_MS, undefined);
    };
    if (error === null || this.runDir === null) return dropChunk();
    if (this.kept.length >= this.max) {
      this.dropped++;
      return dropChunk();
    }
    const folder = join(this.runDir, 'evidence');
    mkdirSync(folder, { recursive: true });
    const base = `${String(++this.seq).padStart(3, '0')}-${slug(row)}`;
    const entry: ViewEvidence = { page: row, error, at: Date.now(), screenshot: stalled ? null : await this.screenshot(page, folder, base) };
    this.kept.push(entry);
    if (tracing) {
      const trace = `evidence/${base}.trace.zip`;
      const written = await within(page.context().tracing.stopChunk({ path: join(this.runDir, trace) }).then(() => true), TRACE_BOUND_MS, false);
      if (written) entry.trace = trace;
    }
  }

  private async screenshot(page: Page, folder: string, base: string): Promise<string | null> {
    if (!(await paintsFrames(page))) return null;
    try {
      const image = await page.screenshot({ type: 'jpeg', quality: 60, timeout: SCREENSHOT_TIMEOUT_MS });
      if (image.length > MAX_SCREENSHOT_BYTES) return null;
      writeFileSync(join(folder, `${base}.jpg`), image);
      return `evidence/${base}.jpg`;
    } catch {
      return null;
    }
  }

  /** The section's fields: nothing when no view failed. */
  section(): { evidence?: ViewEvidence[]; evidenceDropped?: number } {
    return { ...(this.kept.length ? { evidence: this.kept.map((e) => ({ ...e })) } : {}), ...(this.dropped ? { evidenceDropped: this.dropped } : {}) };
  }
}

/**
 * Does the page paint? Its next animation frame within FRAME_WAIT_MS. The evaluation is bounded
 * from outside: on a page whose navigation has not committed, page.evaluate waits for the new
 * document (minutes, for a body that trickles).
 */
export function paintsFrames(page: Page): Promise<boolean> {
  return within(page.evaluate(() => new Promise<boolean>((resolve) => requestAnimationFrame(() => resolve(true)))), FRAME_WAIT_MS, false);
}
