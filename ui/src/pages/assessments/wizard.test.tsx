import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { App } from "../../App";
import type { ImportReport } from "../../bindings/ImportReport";
import type { InstanceSummary } from "../../bindings/InstanceSummary";
import type { TemplateSummary } from "../../bindings/TemplateSummary";
import { answer, assessment, lastArgs, pageOf, report } from "../../test/fixtures";

function template(uid: string, title: string, services: string[], controls: number): TemplateSummary {
  return {
    uid, title, product: title, certification: null, version: "1.0", revision: "abcdef12", source: "built_in",
    supported_services: services, families: 3, controls, actions: controls - 29, superseded: false,
  };
}

const nist = template("11111111-0000-4000-8000-000000000001", "NIST SP 800-53 Rev. 5 Moderate", ["salesforce", "zoom"], 287);
const cis = template("11111111-0000-4000-8000-000000000002", "CIS Zoom Benchmark v1.0.0", ["zoom"], 37);

function instance(uid: string, name: string, service: string, connector: string): InstanceSummary {
  return {
    uid, name, service, connector, auth_method: "oauth_pkce", status: "connected", status_reason: null,
    last_successful_sync: "2026-11-26T08:00:00Z", next_sync: "2026-11-27T08:00:00Z", snapshots: 1,
    terms_version: "2026-11-01", sign_in_fields: {}, created_at: "2026-11-01T09:00:00Z",
  };
}

const salesforce = instance("22222222-0000-4000-8000-000000000001", "Salesforce Prod", "salesforce", "Salesforce");
const zoom = instance("22222222-0000-4000-8000-000000000002", "Zoom Main", "zoom", "Zoom");

function renderApp() {
  return render(
    <FluentProvider theme={webLightTheme}>
      <App />
    </FluentProvider>,
  );
}

const next = () => userEvent.click(screen.getByRole("button", { name: "Next" }));
const heading = (name: string) => screen.findByRole("heading", { name });

describe("the assessment wizard", () => {
  it("creates an assessment, with a round trip to Data connectors that keeps every answer", async () => {
    const created = { ...assessment, uid: "33333333-0000-4000-8000-000000000001", name: "NIST FY27" };
    const answers = {
      list_templates: [cis, nist],
      list_assessment_groups: ["Default group", "Vendors"],
      check_assessment_name: null,
      list_activated_connectors: [salesforce],
      create_assessment: created,
      list_assessments: [created],
      get_assessment_score: { ...report, assessment: created },
      get_assessment_page: pageOf(created),
    };
    answer(answers);
    renderApp();
    await userEvent.click(await screen.findByRole("button", { name: "Create assessment" }));

    // Select regulation: searchable; Next waits for a choice and says why.
    await heading("Select regulation");
    expect(screen.getByText("Choose the regulation to assess against.")).toBeInTheDocument();
    const table = await screen.findByRole("table", { name: "Regulation templates" });
    expect(within(table).getByText("287")).toBeInTheDocument();
    const cisRow = within(table).getByText("CIS Zoom Benchmark v1.0.0").closest("tr") as HTMLElement;
    expect(within(cisRow).getByText(/Not activated yet/)).toBeInTheDocument();
    await userEvent.type(screen.getByRole("textbox", { name: "Search regulations" }), "nist");
    expect(within(table).queryByText("CIS Zoom Benchmark v1.0.0")).not.toBeInTheDocument();
    await userEvent.click(within(table).getByRole("radio", { name: "NIST SP 800-53 Rev. 5 Moderate" }));
    await next();

    // Name and group: the name is checked as typed.
    await heading("Name and group");
    await userEvent.type(screen.getByRole("textbox", { name: /Assessment name/ }), "NIST FY27");
    await waitFor(() => expect(screen.getByRole("button", { name: "Next" })).toBeEnabled());
    expect(lastArgs.check_assessment_name).toEqual({ name: "NIST FY27" });
    await next();

    // Select services: the ones with an instance come ticked; Zoom is added.
    await heading("Select services");
    expect(screen.getByRole("checkbox", { name: /Salesforce \(1 activated instance\)/ })).toBeChecked();
    const zoomBox = screen.getByRole("checkbox", { name: /Zoom \(no activated instance yet/ });
    expect(zoomBox).not.toBeChecked();
    await userEvent.click(zoomBox);
    await next();

    // Service instances: every instance ticked; Zoom has none yet, and Next says so.
    await heading("Service instances");
    expect(screen.getByRole("checkbox", { name: "Include Salesforce Prod" })).toBeChecked();
    expect(screen.getByRole("button", { name: "Next" })).toBeDisabled();
    expect(screen.getByText(/Tick or add a Zoom connector/)).toBeInTheDocument();

    // Add new service: Zoom's set-up wizard opens; when it ends the wizard comes back.
    await userEvent.click(screen.getByText("Add new Zoom connector"));
    await heading("Terms of Service");
    expect(screen.getByText("Add the Zoom connector")).toBeInTheDocument();
    answers.list_activated_connectors = [salesforce, zoom]; // as if Finish had added it
    await userEvent.click(screen.getByRole("button", { name: "Cancel" }));
    await heading("Service instances");
    expect(await screen.findByRole("checkbox", { name: "Include Zoom Main" })).toBeChecked();
    expect(screen.getByRole("checkbox", { name: "Include Salesforce Prod" })).toBeChecked();
    await next();

    // Review with Edit links; the earlier answers survived the round trip.
    await heading("Review and finish");
    expect(screen.getByText(/NIST SP 800-53 Rev. 5 Moderate \(version 1.0\): 287 controls/)).toBeInTheDocument();
    expect(screen.getByText("NIST FY27")).toBeInTheDocument();
    expect(screen.getByText("Default group")).toBeInTheDocument();
    expect(screen.getByText("Salesforce Prod, Zoom Main")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Edit name" }));
    await heading("Name and group");
    expect(screen.getByRole("textbox", { name: /Assessment name/ })).toHaveValue("NIST FY27");
    await next();
    await next();
    await next();
    await userEvent.click(await screen.findByRole("button", { name: "Create assessment" }));

    expect(lastArgs.create_assessment).toEqual({
      input: { name: "NIST FY27", template: nist.uid, group: "Default group", instances: [salesforce.uid, zoom.uid] },
    });
    // The new assessment opens on its own page, with its score.
    expect(await screen.findByRole("heading", { name: "NIST FY27" })).toBeInTheDocument();
    expect(screen.getByText("Why not 100%?")).toBeInTheDocument();
    expect(screen.getByText("36 / 39 points")).toBeInTheDocument();
  });

  it("imports a template through the open-file dialog and lists a refused file's problems", async () => {
    const refused: ImportReport = {
      file: "bad.xlsx", title: null, version: null, counts: null, replaces_version: null, changes: null, applied: false,
      message: "bad.xlsx was not imported: nothing was written.",
      problems: [{ location: "Actions, row 3, column actionScore", message: "150 is outside 1..99; the score must be a whole number from 1 to 99" }],
    };
    answer({ list_templates: [nist], list_assessment_groups: [], "plugin:dialog|open": "/home/me/bad.xlsx", import_template: refused });
    renderApp();
    await userEvent.click(await screen.findByRole("button", { name: "Create assessment" }));
    await userEvent.click(await screen.findByRole("button", { name: "Import template…" }));
    expect(await screen.findByText("This file cannot be imported")).toBeInTheDocument();
    const problems = await screen.findByRole("list", { name: "Problems in the file", hidden: true });
    expect(within(problems).getByText("Actions, row 3, column actionScore")).toBeInTheDocument();
    expect(lastArgs.import_template).toEqual({ path: "/home/me/bad.xlsx", dryRun: true });
    expect(screen.queryByRole("button", { name: "Import", hidden: true })).not.toBeInTheDocument();
  });
});
