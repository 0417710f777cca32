import "@testing-library/jest-dom/vitest";
import { afterEach } from "vitest";
import { cleanup } from "@testing-library/react";
import { clearMocks } from "@tauri-apps/api/mocks";

afterEach(async () => {
  cleanup();
  // Unmounted components stop listening to events a moment later; let them, then unmock.
  await new Promise((resolve) => setTimeout(resolve, 0));
  clearMocks();
});

// jsdom has no layout: Fluent's MessageBar measures itself with ResizeObserver.
class NoLayoutResizeObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
}
globalThis.ResizeObserver ??= NoLayoutResizeObserver;
