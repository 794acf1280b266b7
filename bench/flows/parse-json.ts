/**
 * Benchmark flow that keeps the generator busy: each request fetches a ~90 KB journal page (the
 * static target's, bench/static-target.ts), checks it is JSON with results, and walks every entry
 * and its lines as a client rendering the page would, so most of the CPU is the flow's own.
 */
import { defineFlow, jsonField } from '../../src/flow-api/index.js';

interface Line {
  debit: string;
  credit: string;
}
interface Page {
  results: { reference: string; description: string; lines: Line[] }[];
}

/** What a page renderer would compute: the balance of every entry (always 0 for a sound ledger). */
function walk(page: Page): number {
  let imbalance = 0;
  for (const entry of page.results) {
    for (const line of entry.lines) imbalance += Number(line.debit) - Number(line.credit);
    imbalance += entry.reference.length + entry.description.length > 0 ? 0 : 1;
  }
  return imbalance;
}

export default defineFlow({
  name: 'parse-json',
  protocol: {
    tasks: [
      {
        name: 'journal page',
        run: async (user) => {
          const res = await user.http.get('/api/journal-entries/', { query: { page_size: 345 }, checks: [jsonField('results')] });
          if (res.ok) void walk(res.json<Page>());
        },
      },
    ],
  },
});
