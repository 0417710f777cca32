import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { cleanup, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { App } from "./App";
import { answer, appInfo, assessment, lastArgs, report } from "./test/fixtures";

function renderApp() {
  return render(
    <FluentProvider theme={webLightTheme}>
      <App />
    </FluentProvider>,
  );
}

describe("App", () => {
  it("opens on an empty Overview whose next step leads to Data connectors", async () => {
    answer({});
    renderApp();
    expect(await screen.findByText("No compliance score yet")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Open Data connectors" }));
    expect(await screen.findByRole("heading", { name: "Data connectors" })).toBeInTheDocument();
    const table = await screen.findByRole("table", { name: "Available connectors" });
    expect(within(table).getByText("Salesforce")).toBeInTheDocument();
    expect(within(table).getByText("Zoom")).toBeInTheDocument();
  });

  it("offers the sample workspace on first run and says while it is shown", async () => {
    const calls = answer({ open_sample_workspace: true, leave_sample_workspace: false });
    renderApp();
    await userEvent.click(await screen.findByRole("button", { name: "Explore with sample data" }));
    expect(calls).toContain("open_sample_workspace");
    cleanup();
    answer({ app_info: { ...appInfo, sample: true }, leave_sample_workspace: false });
    renderApp();
    const banner = await screen.findByLabelText("Sample workspace");
    expect(within(banner).getByText(/your own workspace is untouched/)).toBeInTheDocument();
    await userEvent.click(within(banner).getByRole("button", { name: "Back to my workspace" }));
    expect(lastArgs.leave_sample_workspace).toEqual({});
  });

  it("allows one connector selected at a time", async () => {
    answer({});
    renderApp();
    await userEvent.click(await screen.findByRole("button", { name: "Data connectors" }));
    const details = await screen.findByRole("button", { name: "Activate connector" });
    expect(details).toBeDisabled();
    await userEvent.click(screen.getByRole("checkbox", { name: "Select Salesforce" }));
    await userEvent.click(screen.getByRole("checkbox", { name: "Select Zoom" }));
    expect(screen.getByRole("checkbox", { name: "Select Salesforce" })).not.toBeChecked();
    expect(screen.getByRole("checkbox", { name: "Select Zoom" })).toBeChecked();
    expect(details).toBeEnabled();
    expect(screen.getByText("1 selected: Zoom")).toBeInTheDocument();
  });

  it("lists assessments with the score the Rust side computed", async () => {
    answer({ list_assessments: [assessment], get_assessment_score: report });
    renderApp();
    await userEvent.click(await screen.findByText("Assessments"));
    const row = (await screen.findByText("Baseline 2026")).closest("[role=row]") as HTMLElement;
    expect(within(row).getByText("92% (36 / 39)")).toBeInTheDocument();
    expect(within(row).getByText("Incomplete")).toBeInTheDocument();
    await userEvent.click(row);
    await userEvent.click(await screen.findByText("Why not 100%?"));
    const breakdown = await screen.findByLabelText("Score breakdown by improvement action");
    const titles = [...breakdown.querySelectorAll("li")].map((li) => li.querySelector("span")?.textContent);
    // Where the points were lost comes first.
    expect(titles).toEqual(["Enable the waiting room", "Require MFA"]);
  });

  it("says in words why a page could not load", async () => {
    answer({ list_assessments: { error: { code: "storage", message: "database error: disk I/O error" } } });
    renderApp();
    await userEvent.click(await screen.findByText("Assessments"));
    expect(await screen.findByText("Could not load assessments.")).toBeInTheDocument();
    expect(screen.getByText("database error: disk I/O error")).toBeInTheDocument();
  });

  it("shows why the database could not be opened instead of empty pages", async () => {
    answer({
      app_info: {
        ...appInfo,
        startup_error: { code: "schema_too_new", message: "The database was written by a newer Compliance Desk." },
      },
      get_overview: { error: { code: "schema_too_new", message: "newer" } },
    });
    renderApp();
    expect(await screen.findByText("Compliance Desk cannot open its database.")).toBeInTheDocument();
    expect(screen.getByText(/written by a newer Compliance Desk/)).toBeInTheDocument();
  });
});
