/** Types of eslint.layers.js for the tests that check it. */
export declare const LAYERS: Record<string, string[]>;
export declare const BASE_MODULES: string[];
export declare const KNOWN_CROSSINGS: Record<string, string>;
export declare function layerRules(): object[];
