import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer is one React app, served by the headless host and loaded by Electron from disk.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
  },
});
