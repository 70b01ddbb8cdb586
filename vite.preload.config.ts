import { defineConfig } from 'vite';

/**
 * The Electron preload as one CommonJS file: a sandboxed preload cannot be an ES module and
 * can require nothing but 'electron', so the contract it imports from shared/ (and zod) is
 * bundled in. Runs after `tsc` (build:main) into the same folder, so it must not empty it.
 */
export default defineConfig({
  build: {
    lib: { entry: 'main/hosts/electron/preload.ts', formats: ['cjs'], fileName: () => 'preload.cjs' },
    outDir: 'dist/main/hosts/electron',
    emptyOutDir: false,
    target: 'node20',
    minify: false,
    sourcemap: false,
    rollupOptions: { external: ['electron'] },
  },
});
