/**
 * How long a protocol user's new connection took to open: the TCP connect, and over https the TLS
 * handshake after it, as a browser's Navigation Timing splits them (connectStart..
 * secureConnectionStart..connectEnd). Measured around undici's connector, where the socket is
 * made: its `connect` event is the TCP handshake done, the connector's callback (on
 * `secureConnect` for https) the TLS one. undici's diagnostics channel would give the same end
 * but not the split, and costs a subscription per thread whether or not anyone connects.
 */
import type { buildConnector as BuildConnector } from 'undici';

export interface ConnectionTiming {
  /** From the connector's call to the TCP connection, ms. */
  connectMs: number;
  /** From the TCP connection to the end of the TLS handshake, ms; null over plain HTTP. */
  tlsMs: number | null;
}

/** `inner`, timed: `opened` hears each connection that opened, with its phases. */
export function timedConnector(inner: BuildConnector.connector, opened: (timing: ConnectionTiming) => void): BuildConnector.connector {
  return (options, callback) => {
    const startedAt = performance.now();
    let tcpAt = -1;
    const socket = (inner as unknown as (o: BuildConnector.Options, cb: BuildConnector.Callback) => NodeJS.EventEmitter | undefined)(options, (...args) => {
      if (args[0] === null) {
        const doneAt = performance.now();
        const tls = options.protocol === 'https:';
        // A socket reused from elsewhere (an upgrade) emits no connect of its own: all of it is TLS.
        const connectedAt = tcpAt < 0 ? (tls ? startedAt : doneAt) : tcpAt;
        opened({ connectMs: connectedAt - startedAt, tlsMs: tls ? doneAt - connectedAt : null });
      }
      callback(...args);
    });
    socket?.once('connect', () => (tcpAt = performance.now()));
  };
}
