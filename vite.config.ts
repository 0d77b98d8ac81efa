import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer is one React app served by the hub to browsers and loaded by the Electron window.
export default defineConfig({
  root: 'src-renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist-renderer',
    emptyOutDir: true,
  },
});
