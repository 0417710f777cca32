import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { emit } from "@tauri-apps/api/event";
import { act, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { App } from "../../App";
import { answer, assessment, notScheduled } from "../../test/fixtures";

function openSettings() {
  render(
    <FluentProvider theme={webLightTheme}>
      <App />
    </FluentProvider>,
  );
  return screen.findByText("Settings", { selector: ".fui-NavItem" }).then((item) => userEvent.click(item));
}

const offer = { current_version: "0.1.0", version: "9.9.9", notes: "Faster syncs.", published: "2026-12-01T12:00:00Z" };

describe("Settings", () => {
  it("schedules the daily sync and says when it runs", async () => {
    const scheduled = { ...notScheduled, installed: true, current: true, active: true, next_run: "Mon 2026-12-07 07:12:00 UTC" };
    const answers: Record<string, unknown> = { schedule_install: scheduled };
    const calls = answer(answers);
    await openSettings();
    expect(await screen.findByText(/Not scheduled\. Connectors sync while this window is open/)).toBeInTheDocument();
    answers.schedule_status = scheduled;
    await userEvent.click(screen.getByRole("button", { name: "Schedule a daily sync" }));
    expect(calls).toContain("schedule_install");
    expect(await screen.findByText(/Every day at 07:00 \(local time\), by a systemd user timer: enabled\. Next run: Mon 2026-12-07/)).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Remove the scheduled sync" })).toBeInTheDocument();
  });

  it("says why the scheduler refused, and offers to re-point a job written for another workspace", async () => {
    answer({
      schedule_status: { ...notScheduled, installed: true, current: false, active: true },
      schedule_install: { error: { code: "invalid_input", message: "systemd did not take the daily sync, so nothing was scheduled: no bus" } },
    });
    await openSettings();
    expect(await screen.findByText(/runs another copy of the app or another workspace/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Schedule it for this workspace" }));
    expect(await screen.findByText(/systemd did not take the daily sync, so nothing was scheduled: no bus/)).toBeInTheDocument();
  });

  it("finds a newer version, and refuses a download whose signature does not match", async () => {
    const calls = answer({
      check_for_update: offer,
      download_update: {
        error: {
          code: "update_refused",
          message: "The download of version 9.9.9 was refused: its signature does not match Compliance Desk's signing key (InvalidSignature). Nothing was installed; your version stays 0.1.0.",
        },
      },
    });
    await openSettings();
    await userEvent.click(await screen.findByRole("button", { name: "Check for updates" }));
    expect(await screen.findByText(/Version 9\.9\.9 is available \(you have 0\.1\.0\)/)).toBeInTheDocument();
    expect(screen.getByText("Faster syncs.")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Download version 9.9.9" }));
    expect(await screen.findByText("Update refused.")).toBeInTheDocument();
    expect(screen.getByText(/Nothing was installed; your version stays 0\.1\.0/)).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Install and restart" })).not.toBeInTheDocument();
    expect(calls).not.toContain("install_update");
  });

  it("offers to install only a verified download, and says when there is nothing newer", async () => {
    const answers: Record<string, unknown> = { check_for_update: null, download_update: offer, install_update: null };
    const calls = answer(answers);
    await openSettings();
    await userEvent.click(await screen.findByRole("button", { name: "Check for updates" }));
    expect(await screen.findByText("Compliance Desk 0.1.0 is the latest version.")).toBeInTheDocument();
    answers.check_for_update = offer;
    await userEvent.click(screen.getByRole("button", { name: "Check for updates" }));
    await userEvent.click(await screen.findByRole("button", { name: "Download version 9.9.9" }));
    expect(await screen.findByText(/signature matches Compliance Desk's signing key/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Install and restart" }));
    expect(calls).toContain("install_update");
  });

  it("shows the version and folders, and opens one", async () => {
    const calls = answer({ open_folder: null });
    await openSettings();
    expect(await screen.findByText("Compliance Desk 0.1.0")).toBeInTheDocument();
    expect(screen.getByText("/data/logs")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Open the logs folder" }));
    expect(calls).toContain("open_folder");
  });
});

describe("A change made outside the window", () => {
  it("shows up without a click when the workspace says it changed", async () => {
    const answers: Record<string, unknown> = { list_assessments: [] };
    answer(answers);
    render(
      <FluentProvider theme={webLightTheme}>
        <App />
      </FluentProvider>,
    );
    await userEvent.click(await screen.findByText("Assessments", { selector: ".fui-NavItem" }));
    expect(await screen.findByText(/No assessments yet|Create your first assessment/)).toBeInTheDocument();
    answers.list_assessments = [assessment];
    await act(() => emit("workspace-changed", null));
    expect(await screen.findByText(assessment.name)).toBeInTheDocument();
  });
});

describe("Third-party licences", () => {
  it("lists every shipped package under its licence text, from Cargo and npm", async () => {
    answer({});
    await openSettings();
    await userEvent.click(await screen.findByText("Third-party licences"));
    expect(await screen.findByRole("heading", { name: "Third-party licences" })).toBeInTheDocument();
    expect(await screen.findByText(/\d+ packages \(Rust crates and npm packages\) under \d+ licence texts\./)).toBeInTheDocument();
    await userEvent.type(screen.getByRole("searchbox", { name: "Find a package or licence" }), "tauri-plugin-updater");
    const group = await screen.findByRole("button", { name: /tauri-plugin-updater|packages/ });
    await userEvent.click(group);
    expect(await screen.findByText(/tauri-plugin-updater 2\.\d+\.\d+ \(Rust\)/)).toBeInTheDocument();
    await userEvent.clear(screen.getByRole("searchbox", { name: "Find a package or licence" }));
    await userEvent.type(screen.getByRole("searchbox", { name: "Find a package or licence" }), "@tanstack/react-query");
    await userEvent.click(await screen.findByRole("button", { name: /react-query|packages/ }));
    expect(await screen.findByText(/@tanstack\/react-query [\d.]+ \(npm\)/)).toBeInTheDocument();
  });
});
