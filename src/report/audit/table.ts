/**
 * The audit as text for a terminal: one row per resource with its compression and caching
 * verdicts, then every finding in words, the bytes that could be saved, the routes answering 304
 * and what the server's own cache showed.
 */
import { bytes, DASH, ms } from '../format.js';
import type { AuditResource, AuditSection } from '../../schema/audit.js';
import { notServedLine } from './brief.js';
import { findingLine, notAuditedWords, timeSavedWords } from './words.js';

function label(r: AuditResource, host: string): string {
  if (r.source === 'protocol') return `${r.method ?? 'GET'} ${r.url}`;
  return r.url.startsWith(host) ? r.url.slice(host.length) || '/' : r.url;
}

function shortType(contentType: string | null): string {
  if (!contentType) return DASH;
  return contentType.replace(/^application\//, '').replace(/^text\//, '').replace(/^image\//, 'img/');
}

function cacheCell(r: AuditResource): string {
  if (r.promisedCache === null || r.promisedCache === r.cache || r.cache === 'not-repeated') return r.cache;
  return `${r.cache} (promised ${r.promisedCache})`;
}

function pad(cells: string[][]): string {
  const widths = cells[0].map((_, i) => Math.max(...cells.map((row) => row[i].length)));
  return cells.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ').trimEnd()).join('\n');
}

export function renderAuditTable(audit: AuditSection, host: string): string {
  const out: string[] = [];
  const header = ['Resource', 'Source', 'Type', 'Encoding', 'Wire', 'Decoded', 'Compression', 'Saving', 'Warm view', 'Findings'];
  const judged = audit.resources.filter((r) => !r.notAudited);
  const rows = judged.map((r) => [
    label(r, host),
    r.source,
    shortType(r.contentType),
    r.encoding,
    bytes(r.wireBytes),
    bytes(r.decodedBytes),
    r.compression,
    r.potentialSavingBytes > 0 ? bytes(r.potentialSavingBytes) : DASH,
    cacheCell(r),
    r.findings.length > 0 ? r.findings.map((f) => f.code).join(', ') : DASH,
  ]);
  // Error pages: one line each in the table, no verdicts, the reason where the findings go.
  const errors = audit.resources.filter((r) => r.notAudited).map((r) => [label(r, host), r.source, ...Array<string>(7).fill(DASH), notAuditedWords(r) ?? DASH]);
  out.push(pad([header, ...rows, ...errors]));

  const withFindings = audit.resources.filter((r) => r.findings.length > 0);
  out.push('');
  if (withFindings.length === 0) out.push('Findings: none.');
  else {
    out.push('Findings:');
    for (const r of withFindings) for (const f of r.findings) out.push(`  ${label(r, host)}: ${findingLine(f)}`);
  }

  const notServed = notServedLine(audit, host);
  if (notServed && withFindings.length > 0) out.push('');
  if (notServed) out.push(notServed);

  const { savings } = audit;
  const views = savings.perPageView.filter((v) => v.bytes > 0);
  out.push('');
  out.push(
    views.length === 0 && savings.per1000ApiCalls === 0
      ? 'Compression savings: nothing left to save.'
      : `Compression savings: ${[
          ...views.map((v) => `${v.page} [${v.view}] ${bytes(v.bytes)} per view${v.timeSaved?.length ? ` (about ${timeSavedWords(v.timeSaved)})` : ''}`),
          ...(savings.per1000ApiCalls > 0 ? [`${bytes(savings.per1000ApiCalls)} per 1,000 API calls`] : []),
        ].join('; ')}`,
  );

  const { revalidation } = audit;
  if (revalidation.routes.length > 0) {
    const no304 = revalidation.routes.filter((r) => r.notModified === 0).map((r) => r.name);
    out.push(
      `Conditional GETs: ${revalidation.answering304.length} of ${revalidation.routes.length} routes answered 304` +
        (revalidation.answering304.length > 0 ? ` (${revalidation.answering304.join(', ')})` : '') +
        (no304.length > 0 ? `; no 304 from ${no304.join(', ')}` : ''),
    );
  }

  const cache = audit.serverCache.names.filter((n) => Object.keys(n.xCache).length > 0 || n.maxAgeSeconds !== null || n.firstMs !== null);
  if (cache.length > 0) {
    out.push('Server cache:');
    for (const n of cache) {
      const parts: string[] = [];
      const x = Object.entries(n.xCache).map(([k, v]) => `${k}×${v}`).join(' ');
      if (x) parts.push(`X-Cache ${x}`);
      if (n.maxAgeSeconds !== null) parts.push(`Age up to ${n.maxAgeSeconds} s`);
      if (n.firstMs !== null) parts.push(`first ${ms(n.firstMs)} ms, repeat ${ms(n.repeatMs)} ms`);
      out.push(`  ${n.source === 'browser' ? label({ url: n.name, source: 'browser' } as AuditResource, host) : n.name}: ${parts.join(', ')}`);
    }
  }
  const warm = audit.serverCache.warmup;
  if (warm) {
    out.push(`Warm-up (${warm.durationS} s): p50 ${ms(warm.aggregate.warmupP50Ms)} ms while warming, ${ms(warm.aggregate.measuredP50Ms)} ms after`);
  }
  return `${out.join('\n')}\n`;
}
