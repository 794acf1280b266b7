/** Locust-style durations: "90s", "10m", "1h30m", "1.5s", "500ms", or a plain number of seconds. */
export function parseDuration(text: string): number | null {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const re = /(\d+(?:\.\d+)?)(ms|h|m|s)/gy;
  let seconds = 0;
  let matched = 0;
  for (let m = re.exec(trimmed); m !== null; m = re.exec(trimmed)) {
    const value = Number(m[1]);
    seconds += m[2] === 'h' ? value * 3600 : m[2] === 'm' ? value * 60 : m[2] === 's' ? value : value / 1000;
    matched += m[0].length;
  }
  return matched === trimmed.length && matched > 0 ? seconds : null;
}

/** "90s" for 90, "1m30s" for 90.5 rounded: how durations are shown back. */
export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${rest || (!h && !m) ? `${rest}s` : ''}`;
}
