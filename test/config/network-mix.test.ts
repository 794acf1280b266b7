/**
 * `--network` mixes at their edges: the whole message of each problem, weights and custom
 * figures in every form, presets copied rather than shared, and the user order of uneven mixes.
 */
import { describe, expect, it } from 'vitest';
import { isDefaultProfile, NETWORK_PRESETS, parseNetworkMix, profileForUser, type WeightedProfile } from '../../src/config/network-profiles.js';

const parse = (text: string | undefined): { mix: WeightedProfile[]; problems: string[] } => {
  const problems: string[] = [];
  return { mix: parseNetworkMix(text, (p) => problems.push(p)), problems };
};

describe('parseNetworkMix', () => {
  it('words each problem in full, naming the part and what it wants', () => {
    expect(parse('4g').problems).toEqual(["--network: unknown profile '4g' (none, slow-4g, 3g, dense-4g or custom:LATENCY_MS/DOWN_KBPS/UP_KBPS)"]);
    expect(parse('custom:1/5/0').problems).toEqual(["--network 'custom:1/5/0': throughputs must be above 0 kbit/s"]);
    expect(parse('custom:1/0/5').problems).toEqual(["--network 'custom:1/0/5': throughputs must be above 0 kbit/s"]);
    expect(parse('3g:0').problems).toEqual(["--network '3g:0': a weight must be above 0"]);
    expect(parse('3g,3g:2').problems).toEqual(["--network: '3g' is given twice"]);
    expect(parse(' , ').problems).toEqual(["--network ' , ': no profile given"]);
  });

  it('takes no emulation for an empty value, each time a copy of the preset', () => {
    const { mix, problems } = parse('  ');
    expect(problems).toEqual([]);
    expect(mix).toEqual([{ profile: NETWORK_PRESETS.none, weight: 1 }]);
    mix[0].profile.downloadKbps = 5;
    expect(NETWORK_PRESETS.none.downloadKbps).toBe(0);
    const preset = parse('3g').mix[0].profile;
    preset.requestLatencyMs = 1;
    expect(NETWORK_PRESETS['3g'].requestLatencyMs).toBe(1125);
  });

  it('reads a weight with several digits on either side of the point', () => {
    expect(parse('3g:0.25,dense-4g:12.5').mix.map((w) => w.weight)).toEqual([0.25, 12.5]);
  });

  it('reads fractional weights and figures, trimmed parts, and a custom profile with a weight', () => {
    const { mix, problems } = parse(' 3g:0.5 ,custom:12.5/100.5/50:2, ');
    expect(problems).toEqual([]);
    expect(mix).toEqual([
      { profile: NETWORK_PRESETS['3g'], weight: 0.5 },
      { profile: { name: 'custom:12.5/100.5/50', requestLatencyMs: 12.5, downloadKbps: 100.5, uploadKbps: 50, cpuSlowdown: 1 }, weight: 2 },
    ]);
  });

  it('takes a weight only as the whole tail of a part', () => {
    expect(parse('slow-4g:1x').problems).toEqual([expect.stringContaining("unknown profile 'slow-4g:1x'")]);
  });

  it('refuses a custom profile with a figure missing, extra or not a number', () => {
    for (const text of ['custom:1/2', 'custom:1/2/3/4', 'custom:a/2/3', 'xcustom:1/2/3', 'custom:1/2/3x']) {
      expect(parse(text).problems, text).toEqual([expect.stringContaining('unknown profile')]);
    }
  });
});

describe('profileForUser', () => {
  it('gives the first listed the ties, and each profile its share at every whole mix', () => {
    const { mix } = parse('3g:1,dense-4g:2');
    expect([1, 2, 3, 4, 5, 6].map((id) => profileForUser(mix, id).name)).toEqual(['dense-4g', '3g', 'dense-4g', 'dense-4g', '3g', 'dense-4g']);
    const { mix: single } = parse('slow-4g');
    expect(profileForUser(single, 5).name).toBe('slow-4g');
  });

  it('counts a lead of a billionth of the mix or less as a tie, so rounding never reorders the users', () => {
    // user 1's lags are 1/2.000000002 and 1.000000002/2.000000002: the second leads by exactly 1e-9
    const { mix } = parse('3g:1,dense-4g:1.000000002');
    expect(profileForUser(mix, 1).name).toBe('3g');
  });
});

describe('isDefaultProfile', () => {
  it('is the profile without network emulation and without CPU slowdown', () => {
    expect(isDefaultProfile(NETWORK_PRESETS.none)).toBe(true);
    expect(isDefaultProfile({ ...NETWORK_PRESETS.none, cpuSlowdown: 2 })).toBe(false);
    expect(isDefaultProfile(NETWORK_PRESETS['dense-4g'])).toBe(false);
  });
});
