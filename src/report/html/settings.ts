/**
 * The run's options as a labelled list: readable names and units instead of summary.json's keys.
 * summary.json keeps the options as a loose record (older and newer runs carry different keys),
 * so known keys get a label and a unit, any other key is still shown under its own name, and
 * anything that looks like a credential is never shown, even if a future key forgets to redact it.
 */
import { duration, int } from '../format.js';
import { html, type SafeHtml } from './template.js';

type Options = Record<string, unknown>;
interface Setting {
  label: string;
  value: string;
}

/** Keys shown elsewhere in the header, or of no meaning to a reader of the report. */
const SKIPPED = new Set(['host', 'model', 'auth', 'quiet']);
/** Credentials by their key: never rendered, whatever they hold. */
const SECRET_KEY = /pass(word)?|secret|token|cookie|authori[sz]ation|^(api)?key$|apikey/i;

const seconds = (v: unknown) => (typeof v === 'number' ? duration(v) : String(v));
const list = (v: unknown) => (Array.isArray(v) && v.length > 0 ? v.map(String).join(', ') : 'none');
const yesNo = (v: unknown) => (v === true ? 'yes' : v === false ? 'no' : String(v));
const orDefault = (fallback: string) => (v: unknown) => (v === null || v === undefined || v === '' ? fallback : String(v));

/** Labels and formats of the known keys, in the order they are shown. */
const KNOWN: Array<[string, string, (v: unknown) => string]> = [
  ['runTimeS', 'Run time', seconds],
  ['warmupS', 'Warm-up', (v) => (v === 0 ? 'none' : seconds(v))],
  ['stopTimeoutS', 'Stop timeout', seconds],
  ['requestTimeoutMs', 'Request deadline', (v) => (typeof v === 'number' ? `${int(v)} ms` : String(v))],
  ['maxRedirects', 'Redirects followed', (v) => (v === 0 ? 'none' : `up to ${String(v)}`)],
  ['flowFile', 'Flow file', orDefault('default flow')],
  ['urls', 'Quick-test URLs', list],
  ['tags', 'Tags', list],
  ['excludeTags', 'Excluded tags', list],
  ['thresholds', 'Thresholds', list],
  ['revalidate', 'Conditional GETs', yesNo],
  ['maxNames', 'Distinct names at most', (v) => String(v)],
  ['seed', 'Seed', (v) => String(v)],
  ['workers', 'Worker threads', (v) => String(v)],
  ['exitCodeOnError', 'Exit code on errors', (v) => String(v)],
  ['resultsDir', 'Results folder', orDefault('results/<run id>')],
  ['runId', 'Run id', orDefault('generated')],
  ['csvPrefix', 'CSV prefix', orDefault('none')],
  ['csvFullHistory', 'Full CSV history', yesNo],
  ['html', 'HTML report', yesNo],
];

function modelSettings(model: unknown): Setting[] {
  if (!isRecord(model)) return [];
  if (model.kind === 'open') {
    const stages = Array.isArray(model.stages) ? model.stages.filter(isRecord).map((s) => `${seconds(s.durationS)} to ${String(s.rate)}/s`) : [];
    return [
      { label: 'Load model', value: 'open (arrivals per second)' },
      { label: 'Start rate', value: `${String(model.startRate)} iterations/s` },
      { label: 'Stages', value: stages.length > 0 ? stages.join(', ') : 'none' },
      { label: 'Users at most', value: String(model.maxUsers) },
      { label: 'Backlog at most', value: `${String(model.maxBacklog)} arrivals` },
    ];
  }
  return [
    { label: 'Load model', value: 'closed (a fixed number of users)' },
    { label: 'Users', value: String(model.users) },
    { label: 'Spawn rate', value: `${String(model.spawnRate)} users/s` },
  ];
}

/** How the users signed in, credentials left out. */
function authSetting(auth: unknown): Setting {
  if (!isRecord(auth) || auth.kind === 'none') return { label: 'Credentials', value: 'none' };
  if (auth.kind === 'jwt') return { label: 'Credentials', value: `JWT login as ${String(auth.username)} at ${String(auth.loginPath)} (password not shown)` };
  return { label: 'Credentials', value: `API key in the ${String(auth.apiKeyHeader)} header (key not shown)` };
}

function browserSettings(browser: unknown): Setting[] {
  if (!isRecord(browser)) return [];
  const users = Number(browser.users);
  if (users === 0) return [{ label: 'Browser users', value: 'none' }];
  return [
    { label: 'Browser users', value: `${users}, started at ${String(browser.spawnRate)}/s` },
    { label: 'Page views', value: list(browser.views) },
    ...networkSettings(browser),
  ];
}

/** `--network` (its profiles by weight) and `--cpu-slowdown`, when they emulate anything. */
function networkSettings(browser: Record<string, unknown>): Setting[] {
  const out: Setting[] = [];
  const mix = Array.isArray(browser.network) ? browser.network.filter(isRecord) : [];
  const names = mix.map((w) => (isRecord(w.profile) ? `${String(w.profile.name)} ×${String(w.weight)}` : '')).filter(Boolean);
  if (names.length > 0 && !(names.length === 1 && names[0].startsWith('none '))) out.push({ label: 'Network (by weight)', value: names.join(', ') });
  const cpu = Number(browser.cpuSlowdown ?? 1);
  if (cpu !== 1) out.push({ label: 'CPU slowdown', value: `${cpu}×` });
  return out;
}

/** Every setting of the run, in reading order. */
export function runSettings(options: Options): Setting[] {
  const out: Setting[] = [...modelSettings(options.model), authSetting(options.auth), ...browserSettings(options.browser)];
  const known = new Set(KNOWN.map(([key]) => key));
  for (const [key, label, format] of KNOWN) if (key in options && options[key] !== undefined) out.push({ label, value: format(options[key]) });
  for (const [key, value] of Object.entries(options)) {
    if (known.has(key) || SKIPPED.has(key) || key === 'browser' || SECRET_KEY.test(key) || value === undefined) continue;
    out.push({ label: key, value: typeof value === 'object' ? JSON.stringify(value, (k, v: unknown) => (SECRET_KEY.test(k) ? undefined : v)) : String(value) });
  }
  return out;
}

export function settingsList(options: Options): SafeHtml {
  return html`<dl class="settings-list" id="settings">${runSettings(options).map((s) => html`<div><dt>${s.label}</dt><dd>${s.value}</dd></div>`)}</dl>`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
