export { compareSummaries, verdictOf, type Comparison, type CompareOptions, type Delta, type Verdict } from './model.js';
export { renderCompareHtml, renderCompareMarkdown } from './render.js';
export { parseTolerance } from './tolerance.js';
