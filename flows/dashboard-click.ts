/**
 * Browser users only: each iteration views the dashboard (cold and warm) and then clicks its
 * "Reverse order" button twice, as a user sorting the recent entries. The clicks are measured as
 * Interaction to Next Paint (INP) of the warm view, the one they happen on.
 *
 *   browse-load run --demo-target -f flows/dashboard-click.ts -u 0 -b 1 -t 20s
 */
import { between, defineFlow } from '../src/flow-api/index.js';

export default defineFlow({
  name: 'dashboard-click',
  browser: {
    wait: between(1, 2),
    async run({ page, visit }) {
      await visit('/dashboard/');
      for (let i = 0; i < 2; i++) await page.click('#reverse-recent');
    },
  },
});
