/**
 * Which API routes the audit calls: the GET requests a flow's tasks make, found by running every
 * task once against a client that sends nothing (so an audit never writes: a task's POST gets a
 * failed response and the task stops there), or the paths given with --routes.
 */
import type { HttpClient, HttpResponse, ProtocolUsers, RequestOptions, UserContext } from '../../flow-api/api.js';
import { seededRandom } from '../../random.js';
import { PartStripe } from '../../protocol/data-stripe.js';

export interface ApiRoute {
  /** Stats name of the route ("/api/journal-entries/[id]/"). */
  name: string;
  /** The path actually requested, query included. */
  path: string;
  query?: Record<string, string | number | boolean>;
}

const NOTHING_SENT: HttpResponse = {
  status: 0,
  headers: {},
  wireBytes: 0,
  decodedBytes: 0,
  ok: false,
  error: 'not sent (route discovery)',
  text: () => '',
  json: () => {
    throw new Error('not sent (route discovery)');
  },
};

/** A user whose requests go nowhere; the GETs it would send are written down. */
function dryRunUser(seed: number): { user: UserContext; gets: ApiRoute[] } {
  const gets: ApiRoute[] = [];
  const random = seededRandom(seed);
  const request = async (method: string, path: string, opts: RequestOptions = {}): Promise<HttpResponse> => {
    if (method === 'GET' && opts.auth !== false) gets.push({ name: opts.name ?? path, path, ...(opts.query ? { query: opts.query } : {}) });
    return NOTHING_SENT;
  };
  const verb = (method: string) => (path: string, opts?: RequestOptions) => request(method, path, opts);
  const http: HttpClient = { get: verb('GET'), post: verb('POST'), put: verb('PUT'), patch: verb('PATCH'), delete: verb('DELETE'), request };
  // Its feeds give the rows of the whole plan: route discovery runs each task once, in one thread.
  const user: UserContext = { id: 1, http, data: {}, random, pick: (items) => items[Math.floor(random() * items.length)], stripe: new PartStripe() };
  return { user, gets };
}

/** The distinct GET routes (by name) of the flow's tasks, in task order. */
export async function discoverGetRoutes(flow: ProtocolUsers, seed = 1): Promise<ApiRoute[]> {
  const routes = new Map<string, ApiRoute>();
  for (const [i, task] of flow.tasks.entries()) {
    const { user, gets } = dryRunUser(seed * 31 + i);
    try {
      await task.run(user);
    } catch {
      // A task that needs a real response stops here; the GETs before it still count.
    }
    for (const route of gets) if (!routes.has(route.name)) routes.set(route.name, route);
  }
  return [...routes.values()];
}

/** --routes "/api/search/?q=cash,/api/journal-entries/": each path is its own name. */
export function parseRoutes(text: string): { routes: ApiRoute[]; problems: string[] } {
  const routes: ApiRoute[] = [];
  const problems: string[] = [];
  for (const item of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    if (!item.startsWith('/')) problems.push(`--routes wants paths starting with /, got '${item}'`);
    else routes.push({ name: item, path: item });
  }
  if (routes.length === 0 && problems.length === 0) problems.push('--routes is empty: give paths like /api/search/?q=cash');
  return { routes, problems };
}
