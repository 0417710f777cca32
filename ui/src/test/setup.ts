import "@testing-library/jest-dom/vitest";
import { afterEach } from "vitest";
import { cleanup, configure } from "@testing-library/react";

// Two CPU cores run every test file at once: give lazy pages time to load.
configure({ asyncUtilTimeout: 5000 });
import { clearMocks } from "@tauri-apps/api/mocks";

afterEach(async () => {
  cleanup();
  // Each test's app starts on the Overview: the router keeps its page in the hash.
  window.location.hash = "";
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
