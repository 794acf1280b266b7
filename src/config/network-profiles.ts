/**
 * `--network` and `--cpu-slowdown`: the network and CPU the browser users emulate. Presets come
 * from Lighthouse's throttling constants (core/config/constants.js), applied the way DevTools
 * applies them: request latency = RTT × 3.75 and throughput × 0.9 (its
 * DEVTOOLS_RTT_ADJUSTMENT_FACTOR and DEVTOOLS_THROUGHPUT_ADJUSTMENT_FACTOR), since per-request
 * latency stands in for the round trips of DNS, TCP and TLS that request-level emulation cannot
 * add. dense-4g (Lighthouse's desktop profile, which it only simulates) is applied unadjusted.
 */
import type { NetworkProfile } from '../schema/summary.js';

const RTT_FACTOR = 3.75;
const THROUGHPUT_FACTOR = 0.9;

/** Rounded to 1/100 so summary.json shows 1474.56, not its floating-point neighbour. */
const cents = (x: number): number => Math.round(x * 100) / 100;
const devtools = (name: string, rttMs: number, downKbps: number, upKbps: number): NetworkProfile => ({
  name, requestLatencyMs: cents(rttMs * RTT_FACTOR), downloadKbps: cents(downKbps * THROUGHPUT_FACTOR), uploadKbps: cents(upKbps * THROUGHPUT_FACTOR), cpuSlowdown: 1,
});

/** The presets; `none` is the default (no emulation) and keeps page rows' names unchanged. */
export const NETWORK_PRESETS: Readonly<Record<string, NetworkProfile>> = {
  none: { name: 'none', requestLatencyMs: 0, downloadKbps: 0, uploadKbps: 0, cpuSlowdown: 1 },
  'slow-4g': devtools('slow-4g', 150, 1.6 * 1024, 750),
  '3g': devtools('3g', 300, 700, 700),
  'dense-4g': { name: 'dense-4g', requestLatencyMs: 40, downloadKbps: 10 * 1024, uploadKbps: 10 * 1024, cpuSlowdown: 1 },
};

/** One profile of a mix and its weight (users get profiles in proportion to the weights). */
export interface WeightedProfile {
  profile: NetworkProfile;
  weight: number;
}

const CUSTOM = /^custom:(\d+(?:\.\d+)?)\/(\d+(?:\.\d+)?)\/(\d+(?:\.\d+)?)$/;

function parseProfile(text: string): NetworkProfile | string {
  const preset = NETWORK_PRESETS[text];
  if (preset) return { ...preset };
  const m = CUSTOM.exec(text);
  if (!m) return `--network: unknown profile '${text}' (${Object.keys(NETWORK_PRESETS).join(', ')} or custom:LATENCY_MS/DOWN_KBPS/UP_KBPS)`;
  const [latency, down, up] = [m[1], m[2], m[3]].map(Number);
  if (down === 0 || up === 0) return `--network '${text}': throughputs must be above 0 kbit/s`;
  return { name: text, requestLatencyMs: latency, downloadKbps: down, uploadKbps: up, cpuSlowdown: 1 };
}

/** `slow-4g`, or a mix `slow-4g:1,dense-4g:1`; every problem is pushed, none thrown. */
export function parseNetworkMix(text: string | undefined, push: (problem: string) => void): WeightedProfile[] {
  if (text === undefined || text.trim() === '') return [{ profile: { ...NETWORK_PRESETS.none }, weight: 1 }];
  const mix: WeightedProfile[] = [];
  const parts = text.split(',').map((p) => p.trim()).filter(Boolean);
  for (const part of parts) {
    // A custom profile has no colon after its figures, so the last ':N' is a weight only there
    // (the greedy (.*) makes the match start at the part's start).
    const weighted = /(.*):(\d+(?:\.\d+)?)$/.exec(part);
    const body = weighted && !CUSTOM.test(part) ? weighted[1] : part;
    const weight = weighted && !CUSTOM.test(part) ? Number(weighted[2]) : 1;
    const profile = parseProfile(body);
    if (typeof profile === 'string') push(profile);
    else if (!(weight > 0)) push(`--network '${part}': a weight must be above 0`);
    else if (mix.some((w) => w.profile.name === profile.name)) push(`--network: '${profile.name}' is given twice`);
    else mix.push({ profile, weight });
  }
  if (parts.length === 0) push(`--network '${text}': no profile given`);
  return mix;
}

/**
 * The profile of browser user `id` (1-based): users 1..N get the profiles in proportion to the
 * weights at every N (the one furthest behind its share comes next, ties to the first listed),
 * so `slow-4g:1,dense-4g:1` gives user 1 slow-4g and user 2 dense-4g, whatever the seed.
 */
export function profileForUser(mix: readonly WeightedProfile[], id: number): NetworkProfile {
  const total = mix.reduce((n, w) => n + w.weight, 0);
  const given = mix.map(() => 0);
  let chosen = 0;
  for (let k = 1; k <= id; k++) {
    chosen = 0;
    let bestLag = -Infinity;
    mix.forEach((w, i) => {
      const lag = (w.weight * k) / total - given[i];
      if (lag > bestLag + 1e-9) {
        bestLag = lag;
        chosen = i;
      }
    });
    given[chosen]++;
  }
  return mix[chosen].profile;
}

/** The profile's tag in a page row's name ("slow-4g", "slow-4g, cpu 4x"); '' for the default. */
export function profileTag(profile: NetworkProfile): string {
  const parts: string[] = [];
  if (profile.name !== 'none') parts.push(profile.name);
  if (profile.cpuSlowdown !== 1) parts.push(`cpu ${profile.cpuSlowdown}x`);
  return parts.join(', ');
}

export const isDefaultProfile = (profile: NetworkProfile): boolean => profileTag(profile) === '';
