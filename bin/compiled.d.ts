// Types of bin/compiled.js, for the tests (the file itself runs before anything is compiled).
export const ROOT: string;
export const SOURCES: readonly string[];
export function stampOf(root?: string): string;
export function sourcesChangedAt(root?: string): number;
export function compiledIsFresh(root?: string): boolean;
