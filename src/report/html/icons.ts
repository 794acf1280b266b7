/**
 * The few symbols the HTML pages draw, as inline SVG in the text's colour. Emoji (✅ ❌ ➖) need an
 * emoji font and dingbats (✓ ✗ ⚠) a font that has them; Debian's Chromium without fonts-noto-color-emoji
 * draws the first as empty boxes. An SVG shape depends on no font at all.
 */
import { raw, type SafeHtml } from './template.js';

export type IconName = 'check' | 'cross' | 'same' | 'warning';

const SHAPES: Record<IconName, string> = {
  check: '<path d="M3 8.5l3.2 3.2L13 4.8" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round"/>',
  cross: '<path d="M4 4l8 8M12 4l-8 8" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round"/>',
  same: '<path d="M3.5 8h9" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round"/>',
  warning:
    '<path d="M8 1.8L15 14H1z" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linejoin="round"/><path d="M8 6v4" stroke="currentColor" stroke-width="1.8" stroke-linecap="round"/><circle cx="8" cy="12" r="1" fill="currentColor"/>',
};

/** A symbol one text line high, hidden from screen readers (the words beside it carry the meaning). */
export function icon(name: IconName): SafeHtml {
  return raw(`<svg class="icon icon-${name}" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">${SHAPES[name]}</svg>`);
}
