import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { App } from "../../App";
import type { TemplateUpdate } from "../../bindings/TemplateUpdate";
import { answer, assessment, lastArgs, pageOf, report } from "../../test/fixtures";

const update: TemplateUpdate = {
  assessment: "Baseline 2026",
  template: "Security baseline",
  from_version: "0.1.0 (1a2b3c4d)",
  to_version: "0.2.0 (5e6f7a8b)",
  changes: {
    controls_added: ["zoom.access.waiting_room"],
    controls_removed: [],
    controls_changed: [],
    actions_added: ["check zoom.access.waiting_room"],
    actions_removed: ["Old check: no meeting chat"],
    actions_changed: [],
  },
  applied: false,
  retired: 0,
};

async function openAssessment() {
  render(
    <FluentProvider theme={webLightTheme}>
      <App />
    </FluentProvider>,
  );
  await userEvent.click(await screen.findByText("Assessments"));
  await userEvent.click(await screen.findByText("Baseline 2026"));
  await userEvent.click(await screen.findByRole("button", { name: "Edit assessment" }));
  return screen.findByRole("dialog", { hidden: true });
}

describe("changing an assessment", () => {
  it("shows an available template update, what it changes, and applies it", async () => {
    answer({
      list_assessments: [{ ...assessment, update_available: true }],
      get_assessment_page: pageOf({ ...assessment, update_available: true }),
      get_assessment_score: report,
      list_templates: [],
      template_update: update,
    });
    const panel = await openAssessment();
    expect(await within(panel).findByText("Template update available")).toBeInTheDocument();
    await userEvent.click(within(panel).getByRole("button", { name: "Review update", hidden: true }));
    expect(lastArgs.template_update).toEqual({ assessment: assessment.uid, apply: false });
    const changes = await screen.findByRole("list", { name: "What changes", hidden: true });
    expect(within(changes).getByText("Actions added (1): check zoom.access.waiting_room")).toBeInTheDocument();
    expect(within(changes).getByText("Actions removed (1): Old check: no meeting chat")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Apply update", hidden: true }));
    await waitFor(() => expect(lastArgs.template_update).toEqual({ assessment: assessment.uid, apply: true }));
  });

  it("renames and regroups, and asks before deleting with what is lost", async () => {
    answer({
      list_assessments: [assessment],
      get_assessment_score: report,
      list_templates: [],
      edit_assessment: { ...assessment, name: "Baseline FY27" },
      assessment_deletion: { name: "Baseline 2026", results: 3 },
      delete_assessment: { name: "Baseline 2026", results: 3 },
    });
    const panel = await openAssessment();
    await userEvent.click(within(panel).getByRole("button", { name: "Edit", hidden: true }));
    const name = await screen.findByRole("textbox", { name: /Name/, hidden: true });
    await userEvent.clear(name);
    await userEvent.type(name, "Baseline FY27");
    await userEvent.click(screen.getByRole("button", { name: "Save", hidden: true }));
    await waitFor(() =>
      expect(lastArgs.edit_assessment).toEqual({
        assessment: assessment.uid,
        edit: { name: "Baseline FY27", group: null, add_instances: [], remove_instances: [] },
      }),
    );
    await userEvent.click(within(panel).getByRole("button", { name: "Delete", hidden: true }));
    expect(await screen.findByText(/Its 3 test results are deleted/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Delete assessment", hidden: true }));
    await waitFor(() => expect(lastArgs.delete_assessment).toEqual({ assessment: assessment.uid }));
  });
});
