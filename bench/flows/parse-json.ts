/** Benchmark flow that keeps the generator busy: each request parses and checks a ~30 KB JSON page. */
import { defineFlow, jsonField } from '../../src/flow-api/index.js';

export default defineFlow({
  name: 'parse-json',
  protocol: {
    tasks: [
      {
        name: 'journal page',
        run: async (user) => {
          const res = await user.http.get('/api/journal-entries/', { query: { page_size: 100 }, checks: [jsonField('results')] });
          // Walk every entry as a client rendering the page would.
          if (res.ok) void res.json<{ results: unknown[] }>().results.reduce((n: number, e) => n + JSON.stringify(e).length, 0);
        },
      },
    ],
  },
});
