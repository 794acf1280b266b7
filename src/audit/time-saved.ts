/**
 * What a compression saving buys in time: the bytes gzip would save, carried at the download
 * throughput of each throttled network profile the run's browser users had. Under request-level
 * emulation (DevTools', see src/browser/network-profile.ts) a view's bytes pass through that
 * throughput, so a cold view that downloads the resource spends about this much less time on it.
 */
import type { AuditFinding, TimeSaved } from '../schema/audit.js';
import type { BrowserSection, NetworkProfile } from '../schema/summary.js';
import { downloadMs } from '../schema/throughput.js';

/** The run's profiles that limit the download, once each by name, in the order of the page rows. */
export function throttledProfiles(browser: BrowserSection | undefined): NetworkProfile[] {
  const byName = new Map<string, NetworkProfile>();
  for (const page of browser?.pages ?? []) {
    if (page.profile && page.profile.downloadKbps > 0 && !byName.has(page.profile.name)) byName.set(page.profile.name, page.profile);
  }
  return [...byName.values()];
}

/** `bytes` priced under each profile; [] without throttled profiles. */
export function timeSaved(bytes: number, profiles: readonly NetworkProfile[]): TimeSaved[] {
  const out: TimeSaved[] = [];
  for (const p of profiles) {
    const ms = downloadMs(bytes, p);
    if (ms !== null) out.push({ profile: p.name, downloadKbps: p.downloadKbps, ms });
  }
  return out;
}

/** A browser row's findings, its should-compress saving priced in time (the others unchanged). */
export function withTimeSaved(findings: AuditFinding[], profiles: readonly NetworkProfile[]): AuditFinding[] {
  if (profiles.length === 0) return findings;
  return findings.map((f) => (f.code === 'should-compress' ? { ...f, timeSaved: timeSaved(f.savingBytes, profiles) } : f));
}
