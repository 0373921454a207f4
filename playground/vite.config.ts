import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The playground is a static site: `dist/playground/` holds index.html, one JS chunk, the
 * DuckDB worker and its wasm, all with relative URLs (`base: './'`), so the folder can be
 * copied under any path of any static host, including a bucket next to the lake.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  publicDir: false,
  build: {
    outDir: fileURLToPath(new URL('../dist/playground', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // The DuckDB wasm (~30 MB) is the payload by design; Rollup's 500 kB warning says nothing useful here.
    chunkSizeWarningLimit: 4096,
    // Gzipping the wasm only to print its size costs seconds on a shared 2-core box.
    reportCompressedSize: false,
  },
});
