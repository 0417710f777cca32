import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { App } from "../../App";
import type { ActionImport } from "../../bindings/ActionImport";
import { answer, assessment, lastArgs } from "../../test/fixtures";

function openAssessment() {
  window.location.hash = `#/assessments/${assessment.uid}`;
  render(
    <FluentProvider theme={webLightTheme}>
      <App />
    </FluentProvider>,
  );
}

const preview: ActionImport = {
  file: "/home/me/edited.xlsx",
  rows: 3,
  changes: [{ row: 4, action: "Publish an access policy", instance: null, field: "assigned_to", before: null, after: "Sam Lee" }],
  problems: [],
  applied: false,
  message: "/home/me/edited.xlsx would change 1 field(s); nothing was written (dry run).",
};

describe("the assessment's workbook", () => {
  it("exports each format to the path chosen in the save dialog, with its SHA-256", async () => {
    const sha256 = "ab".repeat(32);
    answer({
      "plugin:dialog|save": "/home/me/Baseline 2026.pdf",
      export_report: { path: "/home/me/Baseline 2026.pdf", kind: "PDF report", bytes: 1000, sha256, summary: "12 pages: score 40%, 3 controls." },
    });
    openAssessment();
    await userEvent.click(await screen.findByRole("button", { name: "Export" }));
    await userEvent.click(await screen.findByRole("menuitem", { name: "PDF report" }));
    expect(await screen.findByText("Saved PDF report")).toBeInTheDocument();
    expect(screen.getByText(sha256)).toBeInTheDocument();
    expect(lastArgs.export_report).toEqual({ assessment: assessment.uid, format: "pdf", path: "/home/me/Baseline 2026.pdf" });
    expect(lastArgs["plugin:dialog|save"]).toMatchObject({ options: { defaultPath: "Baseline 2026.pdf" } });
  });

  it("says why an export failed", async () => {
    answer({
      "plugin:dialog|save": "/home/me/Baseline 2026.zip",
      export_report: { error: { code: "invalid", message: "The evidence file \"policy.pdf\" no longer matches the SHA-256 recorded when it was attached." } },
    });
    openAssessment();
    await userEvent.click(await screen.findByRole("button", { name: "Export" }));
    await userEvent.click(await screen.findByRole("menuitem", { name: "Evidence bundle (.zip)" }));
    expect(await screen.findByText(/no longer matches the SHA-256/)).toBeInTheDocument();
    expect(lastArgs.export_report).toMatchObject({ format: "bundle" });
  });

  it("previews the import, then applies exactly that", async () => {
    answer({
      "plugin:dialog|open": "/home/me/edited.xlsx",
      import_actions: preview,
    });
    openAssessment();
    await userEvent.click(await screen.findByRole("button", { name: "Import actions…" }));
    const dialog = await screen.findByRole("dialog", { hidden: true });
    expect(lastArgs.import_actions).toEqual({ assessment: assessment.uid, path: "/home/me/edited.xlsx", dryRun: true });
    const changes = within(dialog).getByRole("table", { name: "Changes", hidden: true });
    expect(within(changes).getByText("Sam Lee")).toBeInTheDocument();
    await userEvent.click(within(dialog).getByRole("button", { name: "Apply 1 changes", hidden: true }));
    await waitFor(() => expect(lastArgs.import_actions).toEqual({ assessment: assessment.uid, path: "/home/me/edited.xlsx", dryRun: false }));
  });

  it("lists a refused file's rows and offers nothing to apply", async () => {
    answer({
      "plugin:dialog|open": "/home/me/bad.xlsx",
      import_actions: {
        ...preview,
        changes: [],
        problems: [{ row: 3, column: "Implementation status", message: "\"Done\" is not an implementation status" }],
        message: "/home/me/bad.xlsx was not imported: 1 row(s) have problems, and nothing was changed.",
      },
    });
    openAssessment();
    await userEvent.click(await screen.findByRole("button", { name: "Import actions…" }));
    const dialog = await screen.findByRole("dialog", { hidden: true });
    expect(within(dialog).getByText("\"Done\" is not an implementation status")).toBeInTheDocument();
    expect(within(dialog).queryByRole("button", { name: /Apply/, hidden: true })).toBeNull();
  });
});
