/**
 * A tiny HTML template tag that escapes every interpolated value unless it is already markup,
 * so text from user flows (request names, errors, URLs) can never inject into a report.
 */
import { escapeHtml } from '../format.js';

export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** Trusted markup (our own constants only: never user text). */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

function piece(value: unknown): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(piece).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0];
  values.forEach((value, i) => {
    out += piece(value) + strings[i + 1];
  });
  return new SafeHtml(out);
}

/** JSON for a `<script type="application/json">` block: no `</script>` or `<!--` breakout. */
export function jsonScript(id: string, data: unknown): SafeHtml {
  const json = JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  return html`<script type="application/json" id="${id}">${raw(json)}</script>`;
}

/** Inline script text, safe inside `<script>`. */
export function inlineScript(code: string): SafeHtml {
  return raw(`<script>${code.replace(/<\/script/gi, '<\\/script')}</script>`);
}

/** Nothing may leave the file: every fetch, image, font or frame is refused by the browser. */
const CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; font-src data:";

/** How a page other than the report differs: its CSP (the live view talks to its server) and a mode. */
export interface PageShell {
  csp?: string;
  mode?: string;
}

export function page(title: string, css: string, body: SafeHtml, scripts: SafeHtml[], shell: PageShell = {}): string {
  const mode = shell.mode === undefined ? '' : html` data-mode="${shell.mode}"`;
  return `<!doctype html>\n${html`<html lang="en"${mode}>
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${shell.csp ?? CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${raw(css.replace(/<\/style/gi, '<\\/style'))}</style>
</head>
<body>
${body}
${scripts}
</body>
</html>
`.value}`;
}
