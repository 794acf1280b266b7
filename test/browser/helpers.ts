/** Shared by the browser tests: a recorder that keeps every call, and a flow that counts iterations. */
import type { BrowserUserContext, BrowserUsers } from '../../src/flow-api/api.js';
import type { Recorder, Sample, StatHandle } from '../../src/metrics/types.js';

export interface PageRow {
  name: string;
  ok: boolean;
  ms: number;
  status: number;
  error: string | null;
  wireBytes: number;
  decodedBytes: number;
}

/** Keeps what the browser users record, in order. */
export class CollectingRecorder implements Recorder {
  rows: PageRow[] = [];
  exceptions: string[] = [];
  handle(type: string, method: string, name: string): StatHandle {
    return { key: `${type} ${name}`, type, method, name };
  }
  record(s: Readonly<Sample>): void {
    const { status, error, wireBytes, decodedBytes } = s;
    this.rows.push({ name: s.handle.name, ok: error === null, ms: s.latencyUs / 1000, status, error, wireBytes, decodedBytes });
  }
  cuts: string[] = [];
  recordCut(h: StatHandle): void {
    this.cuts.push(h.name);
  }
  observeResponse(): void {}
  exception(message: string): void {
    this.exceptions.push(message);
  }
  setUsers(): void {}
}

/**
 * A flow whose iterations run `body`; `done` resolves once `iterations` iterations finished
 * (summed over users, thrown or not), so a test stops the pool right after the work it wants measured.
 */
export function countedFlow(iterations: number, body: (user: BrowserUserContext, iteration: number) => Promise<void>): { flow: BrowserUsers; done: Promise<void> } {
  let finished = 0;
  let started = 0;
  let resolve!: () => void;
  const done = new Promise<void>((r) => (resolve = r));
  return {
    done,
    flow: {
      async run(user) {
        if (started >= iterations) {
          await new Promise((r) => setTimeout(r, 50));
          return;
        }
        const n = ++started;
        try {
          await body(user, n);
        } finally {
          if (++finished >= iterations) resolve();
        }
      },
    },
  };
}

export const pathOf = (url: string): string => {
  const u = new URL(url);
  return u.pathname + u.search;
};
