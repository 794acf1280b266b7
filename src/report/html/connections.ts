/**
 * The protocol users' connections: per row, how many its requests opened and how long their TCP
 * connect and TLS handshake took (StatEntry.connections). Only the request that opened a
 * connection pays these, so they are figures of connections, not of requests; they come before
 * the send, where a request's latency starts.
 */
import type { ConnectionPhase, StatEntry, Summary } from '../../schema/summary.js';
import { DASH, int, ms } from '../format.js';
import { sortedStats } from '../headline.js';
import { html, type SafeHtml } from './template.js';

const figures = (phase: ConnectionPhase | undefined): string =>
  phase ? `${ms(phase.latency.percentiles['50'])} / ${ms(phase.latency.percentiles['95'])} / ${ms(phase.latency.max)}` : DASH;

function row(label: SafeHtml | string, s: StatEntry): SafeHtml {
  const c = s.connections!;
  return html`<tr><td class="text">${label}</td><td>${int(c.opened)}</td><td>${int(s.count)}</td><td>${figures(c.connect)}</td><td>${figures(c.tls)}</td></tr>`;
}

export function connectionsSection(summary: Summary): SafeHtml | string {
  const rows = sortedStats(summary.stats).filter((s) => s.connections !== undefined);
  if (rows.length === 0) return '';
  return html`<section id="connections">
  <h2>Connections of the protocol users</h2>
  <p class="muted">Each protocol user keeps its connection alive, so only the request that opened one paid its TCP connect and, over https, its TLS handshake (in ms, p50 / p95 / max). They come before the send, so a request's latency leaves them out (the open model's, timed from the intended start, includes them).</p>
  <table><thead><tr><th class="text">Name</th><th>Connections opened</th><th>Requests</th><th>TCP connect</th><th>TLS handshake</th></tr></thead><tbody>
  ${rows.map((s) => row(html`<span class="badge">${s.type}</span> ${s.name}`, s))}
  </tbody>${summary.aggregate.connections ? html`<tfoot>${row('Aggregated', summary.aggregate)}</tfoot>` : ''}</table>
</section>`;
}
