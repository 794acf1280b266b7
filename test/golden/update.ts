/** Writes test/golden/expected/ from the current renderers: run after a deliberate report change. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { EXPECTED_DIR, goldenOutputs } from './outputs.js';

mkdirSync(EXPECTED_DIR, { recursive: true });
for (const [file, text] of Object.entries(goldenOutputs())) writeFileSync(`${EXPECTED_DIR}${file}`, text);
