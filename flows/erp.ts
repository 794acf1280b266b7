/**
 * The default flow: the ERP team's Locust harness, as browse-load users.
 * Protocol users exercise the Journal Entries API, the monthly CSV report and search;
 * browser users render / and /dashboard/. Paths follow ../shared/erp-api.md.
 */
import { between, defineFlow, jsonField, type UserContext } from '../src/flow-api/index.js';

const ENTRY = '/api/journal-entries/[id]/';
const SEED_ENTRIES = 5000;
const KEYWORDS = ['cash', 'invoice', 'payroll', 'rent', 'travel', 'supplies', 'refund', 'tax', 'utilities', 'consulting'];
const MONTHS = Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`);

/** A balanced two-line entry, as a bookkeeper would post it. */
function newEntry(user: UserContext) {
  const amount = (10 + Math.floor(user.random() * 99_000) / 100).toFixed(2);
  const debit = String(1000 + Math.floor(user.random() * 100));
  const credit = String(1000 + Math.floor(user.random() * 100));
  return {
    date: `2026-11-${String(1 + Math.floor(user.random() * 27)).padStart(2, '0')}`,
    reference: `LOAD-${user.id}-${Math.floor(user.random() * 1e9)}`,
    description: `Load test ${user.pick(KEYWORDS)} posting`,
    lines: [
      { account: debit, debit: amount, credit: '0.00' },
      { account: credit, debit: '0.00', credit: amount },
    ],
  };
}

/** Ids this user created and has not deleted yet (deleted on stop, so no entries stay behind). */
function created(user: UserContext): Set<number> {
  return ((user.data.created as Set<number> | undefined) ??= new Set<number>());
}

export default defineFlow({
  name: 'erp',
  protocol: {
    wait: between(1, 3),
    tasks: [
      {
        name: 'list journal entries',
        weight: 10,
        tags: ['read', 'journal'],
        async run(user) {
          await user.http.get('/api/journal-entries/', {
            query: { page: 1 + Math.floor(user.random() * 50), page_size: 20 },
            checks: [jsonField('results')],
          });
        },
      },
      {
        name: 'get journal entry',
        weight: 8,
        tags: ['read', 'journal'],
        async run(user) {
          const id = 1 + Math.floor(user.random() * SEED_ENTRIES);
          await user.http.get(`/api/journal-entries/${id}/`, { name: ENTRY, checks: [jsonField('id')] });
        },
      },
      {
        name: 'create, read, update and delete an entry',
        weight: 3,
        tags: ['write', 'journal'],
        async run(user) {
          const res = await user.http.post('/api/journal-entries/', { json: newEntry(user), expect: 201, checks: [jsonField('id')] });
          if (!res.ok) return;
          const id = res.json<{ id: number }>().id;
          created(user).add(id);
          const path = `/api/journal-entries/${id}/`;
          await user.http.get(path, { name: ENTRY });
          await user.http.patch(path, { name: ENTRY, json: { description: 'Load test correction' } });
          await user.http.put(path, { name: ENTRY, json: newEntry(user) });
          const deleted = await user.http.delete(path, { name: ENTRY, expect: 204 });
          if (deleted.ok) created(user).delete(id);
        },
      },
      {
        name: 'monthly CSV report',
        weight: 2,
        tags: ['read', 'report'],
        async run(user) {
          await user.http.get('/api/reports/monthly/', {
            query: { month: user.pick(MONTHS), format: 'csv' },
            checks: [(res) => (res.text().startsWith('account,debit_total') ? null : 'CSV header missing')],
          });
        },
      },
      {
        name: 'search',
        weight: 5,
        tags: ['read', 'search'],
        async run(user) {
          await user.http.get('/api/search/', { query: { q: user.pick(KEYWORDS) }, checks: [jsonField('results')] });
        },
      },
    ],
    async onStop(user) {
      for (const id of created(user)) {
        const res = await user.http.delete(`/api/journal-entries/${id}/`, { name: ENTRY, expect: [204, 404] });
        if (res.ok) created(user).delete(id);
      }
    },
  },
  browser: {
    pages: ['/', '/dashboard/'],
    wait: between(1, 2),
  },
});
