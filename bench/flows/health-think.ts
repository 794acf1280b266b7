/** Benchmark flow: many idle-ish users (think time 1–3 s) on the demo target's cheapest route. */
import { between, defineFlow } from '../../src/flow-api/index.js';

export default defineFlow({
  name: 'health-think',
  protocol: {
    wait: between(1, 3),
    tasks: [{ name: 'health', run: async (user) => void (await user.http.get('/health', { auth: false })) }],
  },
});
