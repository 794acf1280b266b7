/**
 * The live view's frames do not grow with the run: a page gets the series once when it connects
 * (in frames of at most MAX_POINTS_PER_FRAME seconds) and then only each new second, so a frame
 * late in a long run is the size of one early on. Served by the real server over a recorded run's
 * summary, stretched to as many seconds as the test needs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LiveFrame, LiveStatus } from '../../src/live/frame.js';
import { MAX_POINTS_PER_FRAME } from '../../src/live/frame.js';
import { type LiveServer, type LiveSource, startLiveServer } from '../../src/live/server.js';
import type { Summary } from '../../src/schema/summary.js';
import { ROOT } from '../helpers.js';

const recorded = JSON.parse(readFileSync(join(ROOT, 'test/golden/mixed-run.summary.json'), 'utf8')) as Summary;

/** The recorded run as if it had gone on for `seconds`: its seconds repeated, one a second. */
function runOf(seconds: number): Summary {
  const points = recorded.timeSeries.points;
  const t0 = points[0]!.t;
  const stretched = Array.from({ length: seconds }, (_, i) => ({ ...points[i % points.length]!, t: t0 + i * 1000 }));
  return { ...recorded, timeSeries: { ...recorded.timeSeries, points: stretched } };
}

/** A run whose clock the test moves: `at.seconds` is how far it has gone. */
function sourceAt(at: { seconds: number }): LiveSource {
  const status = (): LiveStatus => ({ elapsedS: at.seconds, totalS: 3600, model: 'closed', target: 2, browserTarget: 1, users: 2, browserUsers: 1, ended: false });
  return { title: 'test', summary: async () => runOf(at.seconds), status, stop: () => {}, resize: () => null };
}

/** The frames of an event stream as they come, with their size on the wire. */
async function listen(url: string) {
  const frames: Array<{ bytes: number; frame: LiveFrame }> = [];
  const controller = new AbortController();
  const body = (await fetch(`${url}events`, { signal: controller.signal })).body!;
  let buffered = '';
  void (async () => {
    const decoder = new TextDecoder();
    const reader = body.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      buffered += decoder.decode(read.value, { stream: true });
      for (let end = buffered.indexOf('\n\n'); end >= 0; end = buffered.indexOf('\n\n')) {
        const event = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        frames.push({ bytes: Buffer.byteLength(event), frame: JSON.parse(event.replace(/^data: /, '')) as LiveFrame });
      }
    }
  })().catch(() => {});
  return { frames, close: () => controller.abort() };
}

const waitFor = async (done: () => boolean) => {
  for (let i = 0; i < 200 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(done()).toBe(true);
};

let server: LiveServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('the live view\'s frames', () => {
  it('carry only the new second after the first, so a frame at 300 s is the size of one at 5 s', async () => {
    const at = { seconds: 5 };
    server = await startLiveServer(sourceAt(at), { host: '127.0.0.1', port: 0, auth: null });
    const stream = await listen(server.url);
    await waitFor(() => stream.frames.length === 1);
    expect(stream.frames[0]!.frame.points).toMatchObject({ from: 0 });
    expect(stream.frames[0]!.frame.points!.t).toHaveLength(5);
    const sizeAt = new Map<number, number>();
    // One tick a second, as the run's ticker does: each frame carries that second alone.
    for (let seconds = 6; seconds <= 300; seconds++) {
      at.seconds = seconds;
      server.tick();
      await waitFor(() => stream.frames.length === seconds - 4);
      const { bytes, frame } = stream.frames.at(-1)!;
      expect(frame.points).toMatchObject({ from: seconds - 1 });
      expect(frame.points!.t).toHaveLength(1);
      sizeAt.set(seconds, bytes);
    }
    expect(sizeAt.get(20)! / sizeAt.get(6)!).toBeLessThan(1.2);
    expect(sizeAt.get(300)! / sizeAt.get(6)!).toBeLessThan(1.2);
    stream.close();
  });

  it('catch a page that connects late up on the whole series in frames of at most MAX_POINTS_PER_FRAME seconds', async () => {
    const at = { seconds: 1000 };
    server = await startLiveServer(sourceAt(at), { host: '127.0.0.1', port: 0, auth: null });
    const stream = await listen(server.url);
    const received = () => stream.frames.reduce((n, f) => n + (f.frame.points?.t.length ?? 0), 0);
    await waitFor(() => received() === 1000);
    expect(stream.frames.length).toBe(Math.ceil(1000 / MAX_POINTS_PER_FRAME));
    expect(stream.frames.every((f) => f.frame.points!.t.length <= MAX_POINTS_PER_FRAME)).toBe(true);
    // Each continues where the previous ended, and only the last one carries the regions.
    stream.frames.forEach((f, i) => expect(f.frame.points!.from).toBe(i * MAX_POINTS_PER_FRAME));
    expect(stream.frames.filter((f) => Object.keys(f.frame.parts).length > 0)).toHaveLength(1);
    expect(Object.keys(stream.frames.at(-1)!.frame.parts)).toContain('tiles');
    stream.close();
  });
});
