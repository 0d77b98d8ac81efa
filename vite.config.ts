import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer is one React app served by the hub to browsers and loaded by the Electron window
// from the hub's URL. Absolute base: the page routes by path (/projects/ns/name) and its assets
// must load from any of them. The hub finds dist/renderer beside its own code (src-main/hub/static.ts).
export default defineConfig({
  root: 'src-renderer',
  base: '/',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
  },
});
