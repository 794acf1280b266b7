/**
 * What the live servers see of a run, and what a run sees of them: the two interfaces between
 * src/live and the runner (src/runner/live.ts implements the source).
 */
import type { Summary } from '../schema/summary.js';
import type { LiveStatus } from './frame.js';

/** Which users a change from the page is for. */
export type UsersKind = 'protocol' | 'browser';

/** A run as the page sees it: its figures so far, where it is, and the two controls. */
export interface LiveSource {
  /** The run's redacted summary as of now (the same a checkpoint writes). */
  summary(): Promise<Summary>;
  status(): LiveStatus;
  /** Ends the run as Ctrl-C does: the results are written. */
  stop(): void;
  /**
   * The closed model's users (or browser users), or the open model's arrival rate; a problem as
   * one line, else null.
   */
  resize(target: number, kind: UsersKind): string | null;
  /** What the page's title says (the run's host). */
  readonly title: string;
}

/** The run's side of a live server: told of every tick, closed when the run ends. */
export interface LiveView {
  /** A new frame to every open event stream (nothing is built when none is open). */
  tick(): void;
  /** The last frame says the run ended. */
  close(): Promise<void>;
}
