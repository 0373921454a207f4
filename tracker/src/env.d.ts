/** The package version, replaced at build time by esbuild's `define` (scripts/build/tracker.ts). */
declare const __FIRN_VERSION__: string;
