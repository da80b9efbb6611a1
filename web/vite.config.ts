import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The admin app: built into web/dist, served by `kassa serve` at / (src/http/web-app.ts).
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
  },
});
