import { describe, expect, it } from 'vitest';
import { buildRunConfig } from '../../src/runner/run-config.js';
import { interactionToNextPaint } from '../../src/browser/inp.js';
import { NETWORK_PRESETS, parseNetworkMix, profileForUser, profileTag } from '../../src/config/network-profiles.js';

const parse = (text: string | undefined): { mix: ReturnType<typeof parseNetworkMix>; problems: string[] } => {
  const problems: string[] = [];
  return { mix: parseNetworkMix(text, (p) => problems.push(p)), problems };
};

describe('--network profiles', () => {
  it("has Lighthouse's presets applied the DevTools way (latency = RTT × 3.75, throughput × 0.9; dense-4g as is)", () => {
    expect(NETWORK_PRESETS['slow-4g']).toMatchObject({ requestLatencyMs: 562.5, downloadKbps: 1474.56, uploadKbps: 675 });
    expect(NETWORK_PRESETS['3g']).toMatchObject({ requestLatencyMs: 1125, downloadKbps: 630, uploadKbps: 630 });
    expect(NETWORK_PRESETS['dense-4g']).toMatchObject({ requestLatencyMs: 40, downloadKbps: 10240, uploadKbps: 10240 });
  });

  it('parses a custom profile and a weighted mix, and defaults to no emulation', () => {
    expect(parse('custom:300/1000/500').mix).toEqual([{ profile: { name: 'custom:300/1000/500', requestLatencyMs: 300, downloadKbps: 1000, uploadKbps: 500, cpuSlowdown: 1 }, weight: 1 }]);
    const { mix, problems } = parse('slow-4g:3, custom:40/2000/1000:1');
    expect(problems).toEqual([]);
    expect(mix.map((w) => [w.profile.name, w.weight])).toEqual([['slow-4g', 3], ['custom:40/2000/1000', 1]]);
    expect(parse(undefined).mix).toEqual([{ profile: NETWORK_PRESETS.none, weight: 1 }]);
  });

  it('reports every bad part at once', () => {
    expect(parse('4g,slow-4g:0,custom:1/0/5,slow-4g,slow-4g').problems).toEqual([
      expect.stringContaining("unknown profile '4g'"),
      expect.stringContaining('weight must be above 0'),
      expect.stringContaining('throughputs must be above 0'),
      expect.stringContaining("'slow-4g' is given twice"),
    ]);
  });

  it('gives users the profiles in proportion to the weights, the same way every time', () => {
    const { mix } = parse('slow-4g:1,dense-4g:1');
    expect([1, 2, 3, 4].map((id) => profileForUser(mix, id).name)).toEqual(['slow-4g', 'dense-4g', 'slow-4g', 'dense-4g']);
    const { mix: skewed } = parse('3g:3,none:1');
    const names = [1, 2, 3, 4, 5, 6, 7, 8].map((id) => profileForUser(skewed, id).name);
    expect(names.filter((n) => n === '3g')).toHaveLength(6);
    expect(names.slice(0, 4).filter((n) => n === '3g')).toHaveLength(3);
  });

  it('tags page rows with the profile unless it is the default', () => {
    expect(profileTag(NETWORK_PRESETS.none)).toBe('');
    expect(profileTag(NETWORK_PRESETS['slow-4g'])).toBe('slow-4g');
    expect(profileTag({ ...NETWORK_PRESETS.none, cpuSlowdown: 4 })).toBe('cpu 4x');
    expect(profileTag({ ...NETWORK_PRESETS['3g'], cpuSlowdown: 4 })).toBe('3g, cpu 4x');
  });
});

describe('--network and --cpu-slowdown in a run config', () => {
  it('fills the browser config, and reports bad values with the other problems, at once', () => {
    const config = buildRunConfig({ host: 'http://h', network: 'slow-4g:1,dense-4g:1', cpuSlowdown: '4' }, {});
    expect(config.browser.network!.map((w) => w.profile.name)).toEqual(['slow-4g', 'dense-4g']);
    expect(config.browser.cpuSlowdown).toBe(4);
    expect(() => buildRunConfig({ host: 'http://h', network: 'lte', cpuSlowdown: '0.5', users: '-1' }, {})).toThrow(/^3 problems: .*unknown profile 'lte'.*--cpu-slowdown wants a number >= 1/);
  });
});

describe('INP from interactions', () => {
  it('is the worst interaction below 50, one worst left out per 50 above, and missing without any', () => {
    expect(interactionToNextPaint([])).toBeNull();
    expect(interactionToNextPaint([24, 180, 40])).toBe(180);
    const many = Array.from({ length: 120 }, (_, i) => i + 1);
    expect(interactionToNextPaint(many)).toBe(118);
  });
});
