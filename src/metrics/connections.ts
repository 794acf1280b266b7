/**
 * The connections a stat row's requests opened, recorded beside the row's latency: the TCP
 * connect of each and, over https, its TLS handshake, in histograms of their own (a request on a
 * kept-alive connection records neither, so these are not per-request figures). Merged without
 * loss like every other histogram.
 */
import type { ConnectionPhase, ConnectionPhases } from '../schema/summary.js';
import { Histogram, decodeHistogram, encodeHistogram, summarize } from '../hdr/histogram.js';

export class ConnectionRecorder {
  readonly connect = new Histogram();
  /** Created at the first TLS handshake: plain-HTTP rows carry none. */
  tls: Histogram | null = null;

  /** One connection opened: its TCP connect and TLS handshake (µs; the TLS one -1 over plain HTTP). */
  record(connectUs: number, tlsUs: number): void {
    this.connect.record(connectUs);
    if (tlsUs >= 0) (this.tls ??= new Histogram()).record(tlsUs);
  }

  add(other: ConnectionRecorder): void {
    this.connect.add(other.connect);
    if (other.tls !== null) (this.tls ??= new Histogram()).add(other.tls);
  }

  reset(): void {
    this.connect.reset();
    this.tls?.reset();
  }

  /** undefined when no connection was opened. */
  toPhases(): ConnectionPhases | undefined {
    if (this.connect.count === 0) return undefined;
    const phases: ConnectionPhases = { opened: this.connect.count, connect: phaseOf(this.connect) };
    if (this.tls !== null && this.tls.count > 0) phases.tls = phaseOf(this.tls);
    return phases;
  }
}

function phaseOf(h: Histogram): ConnectionPhase {
  return { latency: summarize(h), histogram: encodeHistogram(h) };
}

/** Several parts' connections of one row, as one; undefined when none opened any. */
export function mergeConnectionPhases(parts: readonly (ConnectionPhases | undefined)[]): ConnectionPhases | undefined {
  const sum = new ConnectionRecorder();
  for (const part of parts) {
    if (part === undefined) continue;
    sum.connect.add(decodeHistogram(part.connect.histogram));
    if (part.tls) (sum.tls ??= new Histogram()).add(decodeHistogram(part.tls.histogram));
  }
  return sum.toPhases();
}
