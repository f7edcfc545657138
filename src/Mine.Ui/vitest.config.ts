import { defineConfig } from "vitest/config";

// Unit tests of the UI's rules (no browser: the browser tests are tests/Mine.Ui.Tests, Playwright).
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    environment: "node",
  },
});
