export type Page = "overview" | "assessments" | "actions" | "connectors";

export type Navigate = (page: Page) => void;
