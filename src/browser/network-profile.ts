/**
 * Applies a user's network and CPU profile to its page through the page's CDP session, as
 * DevTools' throttling does: Chromium delays each request by the latency and meters its bytes
 * through the throughput, shared by the page's requests. This is request-level emulation, not
 * TCP shaping: no slow start, no packet loss, no extra round trips for DNS, TCP or TLS (which is
 * why the presets' latency is RTT × 3.75).
 */
import type { CDPSession } from 'playwright';
import type { NetworkProfile } from '../schema/summary.js';
import { bytesPerSecond } from '../schema/throughput.js';

export async function applyProfile(cdp: CDPSession, profile: NetworkProfile): Promise<void> {
  const throttled = profile.requestLatencyMs > 0 || profile.downloadKbps > 0 || profile.uploadKbps > 0;
  if (throttled) {
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: profile.requestLatencyMs,
      // -1 is CDP's "not throttled".
      downloadThroughput: profile.downloadKbps > 0 ? bytesPerSecond(profile.downloadKbps) : -1,
      uploadThroughput: profile.uploadKbps > 0 ? bytesPerSecond(profile.uploadKbps) : -1,
    });
  }
  if (profile.cpuSlowdown !== 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpuSlowdown });
}
