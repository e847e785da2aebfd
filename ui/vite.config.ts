import { defineConfig } from "vite";

// Tauri serves the built files itself; the dev server is only for `make dev`.
export default defineConfig({
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  build: { target: "safari15", outDir: "dist", emptyOutDir: true, sourcemap: false },
});
