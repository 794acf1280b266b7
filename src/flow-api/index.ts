/** What flow files import: `import { defineFlow, between, jsonField } from 'browse-load/flow'`. */
export * from './api.js';
export { between, constant, pacing } from './think.js';
export { status, bodyContains, jsonField } from './checks.js';
export { feed, type Feed, type FeedOptions } from './feed.js';
