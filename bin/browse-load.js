#!/usr/bin/env node
// The compiled CLI (dist/bundle/, `npm run build`: tsc's dist/src/ bundled) when it is built from
// the current sources: a start compiles nothing and loads few files. Otherwise, or with BROWSE_LOAD_FROM_SOURCE=1, the TypeScript in src/ through
// tsx. Either way tsx is loaded for a TypeScript flow file only (src/flow-api/load.ts).
import { compiledIsFresh } from './compiled.js';

if (process.env.BROWSE_LOAD_FROM_SOURCE !== '1' && compiledIsFresh()) {
  // A --debug stack names tsc's files in dist/src/ through the bundle's source maps, which cost
  // nothing when not enabled.
  if (process.argv.includes('--debug')) process.setSourceMapsEnabled(true);
  await import('../dist/bundle/cli.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli.ts');
}
