// Preload for test/startup/lazy.test.ts (`node --import` it): appends to $BROWSE_LOAD_PACKAGES_LOG
// the name of every package under node_modules that the process imports, one a line.
import { register } from 'node:module';

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
