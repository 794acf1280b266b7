/**
 * Generated static assets of plausible text (CSS rules, application code, a minified-looking
 * vendor bundle), sized like a real ERP front end so that compression ratios are realistic.
 * Generated once per start from the seed; the same seed gives the same bytes.
 */
import { intBetween, pick, seededRandom, type Random } from '../random.js';
import { identifier, KEYWORDS, sentence, VOCABULARY } from './words.js';

export interface Asset {
  path: string;
  contentType: string;
  cacheControl: string;
  body: string;
}

const KIB = 1024;
export const ASSET_SIZES = { css: 40 * KIB, app: 120 * KIB, vendor: 200 * KIB } as const;
export const IMMUTABLE = 'public, max-age=31536000, immutable';

/** Repeats `block` until the text reaches `size` bytes (all generated text is ASCII). */
function fill(size: number, block: () => string): string {
  const parts: string[] = [];
  let length = 0;
  while (length < size) {
    const part = block();
    parts.push(part);
    length += part.length;
  }
  return parts.join('');
}

function hex(random: Random, digits: number): string {
  return Math.floor(random() * 16 ** digits).toString(16).padStart(digits, '0');
}

const CSS_PROPERTIES: ((r: Random) => string)[] = [
  (r) => `margin:${intBetween(r, 0, 32)}px ${intBetween(r, 0, 48)}px`,
  (r) => `padding:${intBetween(r, 0, 24)}px ${intBetween(r, 0, 24)}px`,
  (r) => `color:#${hex(r, 6)}`,
  (r) => `background:url(/static/img/${pick(r, VOCABULARY)}-${hex(r, 8)}.png) no-repeat ${intBetween(r, 0, 99)}% ${intBetween(r, 0, 99)}%`,
  (r) => `background-color:#${hex(r, 3)}`,
  (r) => `font-size:${intBetween(r, 10, 28)}px`,
  (r) => `font-weight:${pick(r, [400, 500, 600, 700])}`,
  (r) => `display:${pick(r, ['flex', 'grid', 'block', 'inline-block', 'none'])}`,
  (r) => `border:1px solid #${hex(r, 3)}`,
  (r) => `border-radius:${intBetween(r, 0, 12)}px`,
  (r) => `line-height:${pick(r, ['1.2', '1.4', '1.5', '1.6'])}`,
  (r) => `width:${intBetween(r, 10, 100)}%`,
  (r) => `gap:${intBetween(r, 2, 24)}px`,
  (r) => `transition:${pick(r, ['opacity', 'transform', 'color'])} ${intBetween(r, 1, 5) * 50}ms ease-in-out`,
  (r) => `box-shadow:0 ${intBetween(r, 1, 4)}px ${intBetween(r, 2, 16)}px rgba(0,0,0,.${intBetween(r, 1, 3)})`,
];

export function appCss(seed: number): string {
  const r = seededRandom(seed + 1);
  return fill(ASSET_SIZES.css, () => {
    const selector = `.${pick(r, VOCABULARY)}-${pick(r, VOCABULARY)}${pick(r, ['', '', ':hover', ' > .title', ' td', '.is-active'])}`;
    const count = intBetween(r, 2, 6);
    const properties: string[] = [];
    for (let i = 0; i < count; i += 1) properties.push(pick(r, CSS_PROPERTIES)(r));
    return `${selector} {\n  ${properties.join(';\n  ')};\n}\n`;
  });
}

/** One readable function of application code, from a handful of shapes. */
const APP_FUNCTIONS: ((r: Random, name: string) => string)[] = [
  (r, name) => {
    const field = pick(r, VOCABULARY);
    return [
      `  function ${name}(rows, options) {`,
      `    var total = 0;`,
      `    for (var i = 0; i < rows.length; i++) {`,
      `      if (rows[i].${field} > ${intBetween(r, 0, 5000)}) total += rows[i].${field} * ${intBetween(r, 1, 99) / 100};`,
      `    }`,
      `    if (options && options.${pick(r, VOCABULARY)} === "${pick(r, KEYWORDS)}") {`,
      `      return { label: "${sentence(r, 2, 5)}", total: Math.round(total * 100) / 100 };`,
      `    }`,
      `    return { label: "${pick(r, VOCABULARY)}", total: total };`,
      `  }`,
    ].join('\n');
  },
  (r, name) =>
    [
      `  function ${name}(el, state) {`,
      `    var node = el.querySelector(".${pick(r, VOCABULARY)}-${pick(r, VOCABULARY)}");`,
      `    if (!node) return;`,
      `    node.textContent = state.${pick(r, VOCABULARY)} ? "${sentence(r, 3, 8)}" : "${sentence(r, 2, 6)}";`,
      `    node.classList.toggle("is-${pick(r, VOCABULARY)}", state.count > ${intBetween(r, 1, 400)});`,
      `  }`,
    ].join('\n'),
  (r, name) =>
    [
      `  function ${name}(entry) {`,
      `    // ${sentence(r, 5, 12)}`,
      `    var lines = entry.lines || [];`,
      `    var debit = 0, credit = 0;`,
      `    lines.forEach(function (line) { debit += Number(line.debit); credit += Number(line.credit); });`,
      `    if (Math.abs(debit - credit) > ${intBetween(r, 1, 9) / 1000}) throw new Error("${sentence(r, 3, 7)}");`,
      `    return { id: entry.id, account: "${intBetween(r, 1000, 1099)}", net: debit - credit };`,
      `  }`,
    ].join('\n'),
  (r, name) =>
    [
      `  function ${name}(query) {`,
      `    var url = "/api/${pick(r, ['search', 'journal-entries', 'reports/monthly'])}/?${pick(r, VOCABULARY)}=" + encodeURIComponent(query) + "&page_size=${intBetween(r, 5, 100)}";`,
      `    return fetch(url, { credentials: "same-origin" }).then(function (res) {`,
      `      if (res.status === ${pick(r, [401, 403, 404, 500])}) return { error: "${sentence(r, 3, 9)}" };`,
      `      return res.json();`,
      `    });`,
      `  }`,
    ].join('\n'),
];

/** Readable application code: view helpers, validation and API calls. */
export function appJs(seed: number): string {
  const r = seededRandom(seed + 2);
  const names: string[] = [];
  const body = fill(ASSET_SIZES.app - 200, () => {
    const name = `${identifier(r)}${names.length}`;
    names.push(name);
    const doc = `  /**\n   * ${sentence(r, 10, 24)} ${sentence(r, 6, 16)}\n   * ${sentence(r, 6, 16)} (ref ${hex(r, 6)})\n   * @since ${intBetween(r, 1, 9)}.${intBetween(r, 0, 40)}.${intBetween(r, 0, 99)}\n   */\n`;
    return `${doc}${pick(r, APP_FUNCTIONS)(r, name)}\n\n`;
  });
  return `/* app.js: ERP front-end views */\n(function () {\n  "use strict";\n${body}  window.App = { ${names
    .slice(0, 20)
    .join(', ')} };\n})();\n`;
}

/** A minified-looking bundle: short names, dense expressions, less compressible than app.js. */
export function vendorJs(seed: number): string {
  const r = seededRandom(seed + 3);
  let counter = 0;
  const body = fill(ASSET_SIZES.vendor - 100, () => {
    counter += 1;
    const a = pick(r, ['a', 'b', 'c', 'd', 'e', 'n', 't']);
    const key = `${pick(r, VOCABULARY).slice(0, intBetween(r, 1, 4))}${hex(r, intBetween(r, 1, 3))}`;
    const op = pick(r, ['+', '-', '*', '^', '|', '&']);
    if (counter % 5 === 0) return `var _d${counter.toString(36)}="${hex(r, 12)}${hex(r, 12)}${hex(r, 12)}";`;
    return pick(r, [
      `function _${counter.toString(36)}(${a},o){var s=${a}.${key}|0,u=o&&o.${pick(r, VOCABULARY)};return u?s*${intBetween(r, 2, 997)}${op}${a}.length:"${hex(r, intBetween(r, 2, 8))}"+s}`,
      `var _${counter.toString(36)}=function(${a}){return ${a}&&${a}.${key}?${a}.${key}${op}${intBetween(r, 1, 65535)}:void 0};`,
      `function _${counter.toString(36)}(${a}){for(var i=0,k=${intBetween(r, 1, 255)};i<${a}.length;i++)k=k${op}${a}.charCodeAt(i)%${intBetween(r, 3, 251)};return "${key}"+k}`,
    ]);
  });
  return `/*! vendor.js: bundled third-party modules */\n!function(){${body};window.Vendor={size:${counter}}}();\n`;
}

export function logoSvg(): string {
  return (
    '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="32" viewBox="0 0 120 32">' +
    '<rect width="32" height="32" rx="6" fill="#2b6cb0"/><path d="M8 22V10h10M8 16h8" stroke="#fff" stroke-width="3" fill="none"/>' +
    '<text x="40" y="22" font-family="sans-serif" font-size="16" fill="#1a202c">Demo ERP</text></svg>\n'
  );
}

/** Every static asset, by path. */
export function buildAssets(seed: number): Map<string, Asset> {
  const assets: Asset[] = [
    { path: '/static/app.css', contentType: 'text/css; charset=utf-8', cacheControl: IMMUTABLE, body: appCss(seed) },
    { path: '/static/app.js', contentType: 'text/javascript; charset=utf-8', cacheControl: IMMUTABLE, body: appJs(seed) },
    { path: '/static/vendor.js', contentType: 'text/javascript; charset=utf-8', cacheControl: 'no-cache', body: vendorJs(seed) },
    { path: '/static/logo.svg', contentType: 'image/svg+xml', cacheControl: 'public, max-age=31536000', body: logoSvg() },
  ];
  return new Map(assets.map((asset) => [asset.path, asset]));
}
