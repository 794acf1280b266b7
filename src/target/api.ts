/**
 * The /api routes of erp-api.md: token, journal-entry CRUD with paging, the monthly CSV
 * report and search. Every route but the token ones needs credentials (auth.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isAuthorised, tokenRoutes, type Credentials } from './auth.js';
import { describeErrors, parseEntryBody, toJson, type EntryFields, type FieldErrors } from './entry.js';
import { MAX_ENTRIES, type Ledger } from './ledger.js';
import { monthlyCsv } from './reports.js';
import type { Search } from './search.js';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const POSITIVE_INT = /^[1-9]\d{0,8}$/;

export interface ApiDeps {
  creds: Credentials;
  ledger: Ledger;
  search: Search;
}

type Query = Record<string, string | undefined>;

function notFound(reply: FastifyReply, detail = 'Not found.') {
  return reply.code(404).send({ detail });
}

function invalid(reply: FastifyReply, errors: FieldErrors) {
  return reply.code(400).send({ detail: describeErrors(errors), errors });
}

/** The entry id of a /journal-entries/:id/ route, or null for anything but a positive integer. */
function entryId(request: FastifyRequest): number | null {
  const { id } = request.params as { id: string };
  return POSITIVE_INT.test(id) ? Number(id) : null;
}

function pageLink(request: FastifyRequest, page: number, pageSize: string | undefined): string {
  const size = pageSize === undefined ? '' : `&page_size=${encodeURIComponent(pageSize)}`;
  return `${request.protocol}://${request.host}/api/journal-entries/?page=${page}${size}`;
}

function journalRoutes(api: FastifyInstance, { ledger }: ApiDeps): void {
  api.get('/journal-entries/', async (request, reply) => {
    const query = request.query as Query;
    const page = query.page === undefined ? 1 : POSITIVE_INT.test(query.page) ? Number(query.page) : NaN;
    const requestedSize = query.page_size !== undefined && POSITIVE_INT.test(query.page_size) ? Number(query.page_size) : DEFAULT_PAGE_SIZE;
    const pageSize = Math.min(requestedSize, MAX_PAGE_SIZE);
    if (!Number.isFinite(page)) return notFound(reply, 'Invalid page.');
    const { count, results } = ledger.page(page, pageSize);
    if (page > 1 && results.length === 0) return notFound(reply, 'Invalid page.');
    return {
      count,
      next: page * pageSize < count ? pageLink(request, page + 1, query.page_size) : null,
      previous: page > 1 ? pageLink(request, page - 1, query.page_size) : null,
      results: results.map(toJson),
    };
  });

  api.post('/journal-entries/', async (request, reply) => {
    const parsed = parseEntryBody(request.body, false);
    if (!parsed.ok) return invalid(reply, parsed.errors);
    if (ledger.full) {
      return reply.code(503).send({ detail: `The demo journal is full (${MAX_ENTRIES} entries); delete entries or restart the demo target.` });
    }
    const fields = { description: '', ...parsed.value } as EntryFields;
    return reply.code(201).send(toJson(ledger.create(fields, new Date())));
  });

  api.get('/journal-entries/:id/', async (request, reply) => {
    const id = entryId(request);
    const entry = id === null ? undefined : ledger.get(id);
    return entry ? toJson(entry) : notFound(reply);
  });

  const update = (partial: boolean) => async (request: FastifyRequest, reply: FastifyReply) => {
    const id = entryId(request);
    if (id === null || !ledger.get(id)) return notFound(reply);
    const parsed = parseEntryBody(request.body, partial);
    if (!parsed.ok) return invalid(reply, parsed.errors);
    // PUT replaces the entry: an omitted description becomes empty, as on create.
    const fields = partial ? parsed.value : { description: '', ...parsed.value };
    return toJson(ledger.update(id, fields)!);
  };
  api.put('/journal-entries/:id/', update(false));
  api.patch('/journal-entries/:id/', update(true));

  api.delete('/journal-entries/:id/', async (request, reply) => {
    const id = entryId(request);
    if (id === null || !ledger.delete(id)) return notFound(reply);
    return reply.code(204).send();
  });
}

function reportRoutes(api: FastifyInstance, { ledger, search }: ApiDeps): void {
  api.get('/reports/monthly/', async (request, reply) => {
    const { month, format } = request.query as Query;
    if (month === undefined || !MONTH.test(month)) {
      return invalid(reply, { month: ['A month is required, as YYYY-MM (for example 2026-03).'] });
    }
    if (format !== undefined && format !== 'csv') return invalid(reply, { format: ['Only format=csv is supported.'] });
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="journal-${month}.csv"`)
      .send(monthlyCsv(ledger.all(), month));
  });

  api.get('/search/', async (request, reply) => {
    const q = (request.query as Query).q?.trim();
    if (!q) return invalid(reply, { q: ['A search keyword is required: ?q=<keyword>.'] });
    if (q.length > 100) return invalid(reply, { q: ['Keep the keyword under 100 characters.'] });
    const found = await search.find(q);
    reply.header('x-cache', found.cache);
    return { query: q, count: found.count, results: found.results.map(toJson) };
  });
}

/** Registers everything under /api with its own auth check and JSON 404. */
export async function apiRoutes(api: FastifyInstance, deps: ApiDeps): Promise<void> {
  api.addHook('onRequest', async (request, reply) => {
    if (request.routeOptions.config?.public) return;
    if (!isAuthorised(api, deps.creds, request)) {
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer realm="api"')
        .send({ detail: 'Authentication credentials were not provided or are invalid.' });
    }
  });
  api.setNotFoundHandler((_request, reply) => notFound(reply));
  tokenRoutes(api, deps.creds);
  journalRoutes(api, deps);
  reportRoutes(api, deps);
}
