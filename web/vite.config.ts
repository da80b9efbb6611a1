import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The admin app and the customer portal: built into web/dist, served by `kassa serve` at / and at
// /self-service/ (src/http/web-app.ts).
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Two pages of one build: the admin app, and the customer portal served at /self-service/.
    rollupOptions: {
      input: {
        app: resolve(import.meta.dirname, 'index.html'),
        portal: resolve(import.meta.dirname, 'self-service.html'),
      },
    },
    chunkSizeWarningLimit: 1200,
  },
});
