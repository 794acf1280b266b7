/**
 * URLs and paths as table text: the run's own origin left out (browser rows are absolute URLs,
 * protocol rows paths; both read as paths), and a break opportunity after each `/`, `?`, `&` and
 * `=`, so a long URL wraps between its parts instead of in the middle of a word.
 */
import { html, type SafeHtml } from './template.js';

/** The origin of the run's host ("http://127.0.0.1:8000"), or null when it is no URL. */
export function originOf(host: string): string | null {
  try {
    return new URL(host).origin;
  } catch {
    return null;
  }
}

/** `url` without `origin` when it is on it; other origins stay whole. */
export function shownPath(url: string, origin: string | null): string {
  if (origin === null || !url.startsWith(origin)) return url;
  const rest = url.slice(origin.length);
  if (rest === '') return '/';
  return /^[/?#]/.test(rest) ? rest : url;
}

/** Text with `<wbr>` after each URL separator; every piece escaped. */
export function breakable(text: string): SafeHtml {
  // Never between the two slashes of "https://".
  const pieces = text.split(/(?<=[/?&=])(?!\/)/);
  return html`${pieces.map((piece, i) => (i === 0 ? piece : html`<wbr>${piece}`))}`;
}

/** A URL or path as it is shown in a table cell. */
export function urlText(url: string, origin: string | null): SafeHtml {
  return breakable(shownPath(url, origin));
}
