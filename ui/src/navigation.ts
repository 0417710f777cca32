import { useNavigate } from "@tanstack/react-router";
import { useCallback } from "react";

export type Page = "overview" | "assessments" | "actions" | "connectors" | "new-assessment" | "settings";

export const PAGE_PATHS = {
  overview: "/",
  assessments: "/assessments",
  actions: "/actions",
  connectors: "/connectors",
  "new-assessment": "/assessments/new",
  settings: "/settings",
} as const satisfies Record<Page, string>;

export type Navigate = (page: Page) => void;

/** Goes to one of the app's top-level pages. */
export function usePageNavigate(): Navigate {
  const navigate = useNavigate();
  return useCallback((page: Page) => void navigate({ to: PAGE_PATHS[page] }), [navigate]);
}
