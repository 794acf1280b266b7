/**
 * Throughput arithmetic of the network profiles, shared by the browser users (which hand the
 * throughput to Chromium) and the audit (which prices a saving in time at that throughput).
 */
import type { NetworkProfile } from './summary.js';

/** kbit/s → bytes/s, with DevTools' 1 kbit = 1024 bit (the bytes/s Chromium is given). */
export const bytesPerSecond = (kbps: number): number => Math.floor((kbps * 1024) / 8);

/**
 * Milliseconds the profile's download throughput takes to carry `bytes`, whole ms; null for a
 * profile that does not limit the download (nothing to price).
 */
export function downloadMs(bytes: number, profile: Pick<NetworkProfile, 'downloadKbps'>): number | null {
  if (!(profile.downloadKbps > 0)) return null;
  return Math.round((bytes / bytesPerSecond(profile.downloadKbps)) * 1000);
}
