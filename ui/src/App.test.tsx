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

  it("offers the newest good backup when the database cannot be read", async () => {
    const backup = {
      name: "compliance-desk-20261205T090000.000Z-daily.sqlite3",
      taken_at: "2026-12-05T09:00:00Z",
      reason: "daily",
      bytes: 4096,
    };
    const calls = answer({
      app_info: {
        ...appInfo,
        startup_error: { code: "database_unreadable", message: "The workspace database cannot be read (file is not a database)." },
        restorable_backup: backup,
      },
      restore_unreadable_workspace: null,
    });
    renderApp();
    expect(await screen.findByText(/file is not a database/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: /Restore the backup of/ }));
    expect(calls).toContain("restore_unreadable_workspace");
    expect(lastArgs.restore_unreadable_workspace).toEqual({ name: backup.name });
  });

  it("lists backups in Settings and restores one only after confirming", async () => {
    const manual = { name: "compliance-desk-20261206T090000.000Z-manual.sqlite3", taken_at: "2026-12-06T09:00:00Z", reason: "manual", bytes: 2 << 20 };
    const upgrade = {
      name: "compliance-desk-20261201T090000.000Z-before-upgrade-to-v6.sqlite3",
      taken_at: "2026-12-01T09:00:00Z",
      reason: "before-upgrade-to-v6",
      bytes: 4000,
    };
    const calls = answer({
      list_backups: [manual, upgrade],
      restore_backup: { restored: upgrade, previous: manual, set_aside: null },
    });
    renderApp();
    await userEvent.click(await screen.findByText("Settings", { selector: ".fui-NavItem" }));
    const table = await screen.findByRole("table", { name: "Backups" });
    expect(within(table).getByText("Before upgrading to schema 6")).toBeInTheDocument();
    expect(within(table).getByText("2.0 MiB")).toBeInTheDocument();
    const upgradeRow = within(table).getByText("Before upgrading to schema 6").closest("tr");
    await userEvent.click(within(upgradeRow as HTMLElement).getByRole("button", { name: /Restore the backup of/ }));
    expect(calls).not.toContain("restore_backup");
    expect(await screen.findByText(/work recorded since then is replaced/)).toBeInTheDocument();
    // Tabster may still mark the opening dialog aria-hidden: find its button by text.
    const dialog = await screen.findByRole("dialog", { hidden: true });
    await userEvent.click(await within(dialog).findByText("Restore", { selector: "button" }));
    expect(lastArgs.restore_backup).toEqual({ name: upgrade.name });
    expect(await screen.findByText(/kept as a backup: restore it to undo/)).toBeInTheDocument();
  });
});
