import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, onTestFinished, vi } from "vitest";
import { App } from "../../App";
import type { ActionDetails } from "../../bindings/ActionDetails";
import type { ActionPage } from "../../bindings/ActionPage";
import type { InstanceResult } from "../../bindings/InstanceResult";
import { answer, assessment, lastArgs, pageOf } from "../../test/fixtures";

const noReview = { state: null, reviewed_status: null, override_status: null, justification: null, reviewed_by: null, reviewed_at: null };

const zoomResult: InstanceResult = {
  instance_uid: "3b1f0c2e-1111-4a2b-9c3d-000000000002",
  instance_name: "Zoom Main",
  test_status: "could_not_be_determined",
  recorded_status: "could_not_be_determined",
  implementation_status: "not_implemented",
  implementation_date: null,
  implementation_notes: "",
  assigned_to: null,
  testing_source: "automatic",
  parent_action_uid: null,
  parent_action_title: null,
  partial_credit: null,
  test_date: "2026-11-28T09:00:00.000Z",
  testing_notes: "",
  automatic: {
    check_id: "zoom.waiting_room",
    setting: "settings.in_meeting.waiting_room",
    observed: null,
    expected: "equals true",
    reason: "Zoom refused: the token does not contain scopes account:read:admin",
    next_step: "Grant the scope named above to the app Zoom Main signs in with, then sync Zoom Main again.",
    collected_at: "2026-11-28T09:00:00.000Z",
    snapshot_uid: "0f0f0f0f-0000-4000-8000-000000000001",
    snapshot_sha256: "ab".repeat(32),
    stale: false,
  },
  review: noReview,
  updated_at: "2026-11-28T09:00:00.000Z",
};

const details: ActionDetails = {
  assessment_uid: assessment.uid,
  assessment: assessment.name,
  action_uid: "9a9a9a9a-0000-4000-8000-000000000009",
  title: "Turn on the Zoom waiting room",
  description: "Guests wait until the host admits them.",
  implementation_type: "technical",
  purpose: "preventive",
  enforcement: "mandatory",
  service: "zoom",
  implements: "CIS Zoom Benchmark v1.0.0, recommendation 1.1.1.2",
  breakdown: {
    action_id: 9, title: "Turn on the Zoom waiting room", points: 27, achieved: 0, possible: 27, outcome: "in_progress",
    applicable: 1, in_scope: 1, passed: 0, credit: 0, statuses: [{ status: "could_not_be_determined", count: 1 }],
  },
  explanation: "Earned 0 of 27 points.",
  results: [zoomResult],
  related_controls: [{ family: "Access control", name: "AC-3", title: "Access enforcement" }],
  evidence: [],
  history: [],
  stale: false,
  needs_review: false,
  threshold: null,
};

function openDetails() {
  window.location.hash = `#/assessments/${assessment.uid}/actions/${details.action_uid}`;
  render(
    <FluentProvider theme={webLightTheme}>
      <App />
    </FluentProvider>,
  );
}

describe("improvement action details", () => {
  it("says Could not be determined with the service's reason and the next step, never In progress", async () => {
    answer({ get_action_details: details });
    openDetails();
    const results = await screen.findByRole("table", { name: "Automatic results per instance" });
    expect(within(results).getByText("Could not be determined")).toBeInTheDocument();
    expect(within(results).queryByText("In progress")).toBeNull();
    expect(within(results).getByText(/does not contain scopes account:read:admin/)).toBeInTheDocument();
    expect(within(results).getByText(/Next step: Grant the scope/)).toBeInTheDocument();
    expect(within(results).getByText(`SHA-256 ${"ab".repeat(32)}`)).toBeInTheDocument();
    expect(screen.getByText("CIS Zoom Benchmark v1.0.0, recommendation 1.1.1.2")).toBeInTheDocument();
  });

  it("shows the organisation's bound beside the result and sends a new one to be judged again", async () => {
    const timeout = { check_id: "zoom.sign_in.web_inactivity_timeout", name: "longest inactivity before sign-out (minutes)", default: 60, value: 60, custom: false };
    const judged: ActionDetails = { ...details, threshold: { ...timeout, value: 120, custom: true } };
    answer({ get_action_details: { ...details, threshold: timeout }, set_check_threshold: judged });
    openDetails();
    const form = await screen.findByRole("form", { name: "Organisation's bound" });
    expect(within(form).getByText("The benchmark's value, 60, applies.")).toBeInTheDocument();
    const input = within(form).getByRole("spinbutton", { name: /Longest inactivity before sign-out/ });
    await userEvent.clear(input);
    await userEvent.type(input, "120");
    await userEvent.click(within(form).getByRole("button", { name: "Save and judge again" }));
    await waitFor(() => expect(lastArgs.set_check_threshold).toEqual({ assessment: assessment.uid, action: details.action_uid, value: 120 }));
    expect(await screen.findByText("This assessment's own value; the benchmark's is 60.")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Use the benchmark's" })).toBeInTheDocument();
  });

  it("refuses an override without a justification and sends it with one", async () => {
    const overridden: ActionDetails = {
      ...details,
      results: [{ ...zoomResult, test_status: "passed", review: { ...noReview, state: "overridden", override_status: "passed", reviewed_status: "could_not_be_determined", justification: "Checked in the Zoom admin console on 2026-11-28", reviewed_by: "dana" } }],
    };
    answer({ get_action_details: details, review_action: overridden });
    openDetails();
    await userEvent.click(await screen.findByRole("button", { name: "Override…" }));
    const dialog = await screen.findByRole("dialog", { hidden: true });
    const submit = within(dialog).getByRole("button", { name: "Override", hidden: true });
    expect(submit).toBeDisabled();
    expect(within(dialog).getByText(/Say why the automatic result is wrong/)).toBeInTheDocument();
    await userEvent.type(within(dialog).getByRole("textbox", { name: /Justification/, hidden: true }), "Checked in the Zoom admin console on 2026-11-28");
    await userEvent.click(submit);
    await waitFor(() =>
      expect(lastArgs.review_action).toEqual({
        assessment: assessment.uid,
        action: details.action_uid,
        instance: zoomResult.instance_uid,
        decision: { decision: "override", status: "passed", justification: "Checked in the Zoom admin console on 2026-11-28" },
      }),
    );
    expect(await screen.findByText("“Checked in the Zoom admin console on 2026-11-28”")).toBeInTheDocument();
  });

  it("saves only the implementation fields the person changed", async () => {
    answer({ get_action_details: details, update_action: details });
    openDetails();
    await userEvent.click(await screen.findByRole("tab", { name: "Implementation" }));
    await userEvent.type(screen.getByRole("textbox", { name: "Assigned to" }), "Sam Lee");
    await userEvent.type(screen.getByRole("textbox", { name: /Implementation date/ }), "2026-11-3");
    expect(screen.getByRole("button", { name: "Save implementation" })).toBeDisabled();
    expect(screen.getByText("A date like 2026-11-29.")).toBeInTheDocument();
    await userEvent.type(screen.getByRole("textbox", { name: /Implementation date/ }), "0");
    await userEvent.click(screen.getByRole("button", { name: "Save implementation" }));
    await waitFor(() =>
      expect(lastArgs.update_action).toEqual({
        assessment: assessment.uid,
        action: details.action_uid,
        edit: { assigned_to: "Sam Lee", implementation_date: "2026-11-30" },
      }),
    );
  });
});

describe("the Improvement actions tab", () => {
  it("renders only the rows in view of 10,000 and asks the Rust side for pages", async () => {
    const rows = (offset: number, limit: number): ActionPage => ({
      total: 10_000,
      offset,
      assignees: ["Sam Lee"],
      rows: Array.from({ length: limit }, (_, i) => ({
        uid: `00000000-0000-4000-8000-${String(offset + i).padStart(12, "0")}`,
        title: `Action ${offset + i}`,
        implementation_type: "technical" as const,
        service: "zoom",
        status: "passed" as const,
        points: 3, achieved: 3, possible: 3, passed: 1, in_scope: 1,
        assignees: [], needs_review: false, overridden: false, stale: false,
      })),
    });
    answer({ list_assessment_actions: rows(0, 100), get_assessment_page: { ...pageOf(assessment), action_count: 10_000 } });
    // jsdom has no layout: give the scrolling area the height of a window's table.
    const height = vi.spyOn(HTMLElement.prototype, "clientHeight", "get").mockReturnValue(600);
    const width = vi.spyOn(HTMLElement.prototype, "clientWidth", "get").mockReturnValue(1200);
    onTestFinished(() => {
      height.mockRestore();
      width.mockRestore();
    });
    window.location.hash = `#/assessments/${assessment.uid}?tab=actions`;
    render(
      <FluentProvider theme={webLightTheme}>
        <App />
      </FluentProvider>,
    );
    const table = await screen.findByRole("table", { name: "Improvement actions" });
    expect(table).toHaveAttribute("aria-rowcount", "10001");
    await screen.findByText("Action 0");
    expect(within(table).getAllByRole("row").length).toBeLessThan(60);
    expect(lastArgs.list_assessment_actions).toMatchObject({ query: { offset: 0, limit: 100, sort: "status" } });
    expect(screen.getByText("10,000 actions")).toBeInTheDocument();
  });
});
