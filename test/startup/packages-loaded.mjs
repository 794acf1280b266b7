// Preload for test/startup/lazy.test.ts (`node --import` it): appends to $BROWSE_LOAD_PACKAGES_LOG
// the name of every package under node_modules that the process imports, one a line: ES imports
// as they resolve, and at exit the CommonJS modules required (createRequire loads no ES module).
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';

const packageOf = (path) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path)?.[1];

const hook = `
import { appendFileSync } from 'node:fs';
const seen = new Set();
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  const name = /node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(resolved.url)?.[1];
  if (name && !seen.has(name)) {
    seen.add(name);
    appendFileSync(process.env.BROWSE_LOAD_PACKAGES_LOG, name + '\\n');
  }
  return resolved;
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`);

// The loader hook runs in a thread of its own: the required ones are listed here, once each.
process.once('exit', () => {
  const required = new Set(Object.keys(createRequire(import.meta.url).cache).map(packageOf).filter(Boolean));
  if (required.size > 0) appendFileSync(process.env.BROWSE_LOAD_PACKAGES_LOG, [...required].map((name) => `${name}\n`).join(''));
});
