import { emit } from "@tauri-apps/api/event";
import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { Added } from "../../bindings/Added";
import type { InstanceSummary } from "../../bindings/InstanceSummary";
import { renderInApp } from "../../test/render";
import { answer, assessment, lastArgs, zoom } from "../../test/fixtures";
import { Activated } from "./Activated";
import { SetupWizard } from "./SetupWizard";

const instance: InstanceSummary = {
  uid: "0b6f1c1e-0000-4000-8000-000000000001",
  name: "Zoom Main",
  service: "zoom",
  connector: "Zoom",
  auth_method: "server_to_server",
  status: "connected",
  status_reason: null,
  last_successful_sync: "2026-11-26T08:00:00Z",
  next_sync: "2026-11-27T08:00:00Z",
  snapshots: 3,
  terms_version: "2026-11-01",
  sign_in_fields: { account_id: "acc-1", client_id: "client-1", oauth_url: "https://zoom.us" },
  created_at: "2026-11-01T09:00:00Z",
};

const added: Added = { instance, validation: "Connected to the Zoom account: 8 active users can be read" };


const next = () => userEvent.click(screen.getByRole("button", { name: "Next" }));

describe("the set-up wizard", () => {
  it("goes from the terms to a stored connector, each step valid before Next", async () => {
    const calls = answer({ connect_connector: added.validation, finish_connector: added });
    const done = vi.fn();
    await renderInApp(<SetupWizard connector={zoom} done={done} cancel={vi.fn()} />);

    // Terms of Service: Next waits for the acceptance, and says why.
    expect(screen.getByRole("heading", { name: "Terms of Service" })).toHaveFocus();
    expect(screen.getByRole("button", { name: "Next" })).toBeDisabled();
    expect(screen.getByText("Accept the Terms of Service to continue.")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("checkbox", { name: "I accept the Terms of Service (version 2026-11-01)" }));
    await next();

    // Name: checked as typed by the Rust side.
    expect(screen.getByRole("heading", { name: "Connector name" })).toBeInTheDocument();
    expect(screen.getByText("Give the connector a name.")).toBeInTheDocument();
    await userEvent.type(screen.getByRole("textbox", { name: /Connector name/ }), "Zoom Main");
    await waitFor(() => expect(screen.getByRole("button", { name: "Next" })).toBeEnabled());
    expect(lastArgs.check_connector_name).toEqual({ name: "Zoom Main" });
    await next();

    // Authentication: required fields block Next until filled.
    expect(screen.getByRole("button", { name: "Next" })).toBeDisabled();
    expect(screen.getByText("Account ID is required.")).toBeInTheDocument();
    await userEvent.type(screen.getByRole("textbox", { name: /Account ID/ }), "acc-1");
    await userEvent.type(screen.getByRole("textbox", { name: /Client ID/ }), "client-1");
    await userEvent.type(screen.getByLabelText(/Client secret/), "s3cret");
    await next();

    // Validate: a real call; Next only after success.
    expect(screen.getByRole("button", { name: "Next" })).toBeDisabled();
    await userEvent.click(screen.getByRole("button", { name: "Validate connection" }));
    expect(await screen.findByText("Validation succeeded")).toBeInTheDocument();
    expect(lastArgs.connect_connector).toMatchObject({
      input: {
        service: "zoom",
        name: "Zoom Main",
        accepted_terms: "2026-11-01",
        auth_method: "server_to_server",
        fields: { account_id: "acc-1", client_id: "client-1", oauth_url: "https://zoom.us" },
        secrets: { client_secret: "s3cret" },
      },
    });
    await next();

    // Review: everything entered, the secret masked, Edit links back.
    const review = screen.getByRole("heading", { name: "Review and finish" }).closest("section") as HTMLElement;
    expect(within(review).getByText("Zoom Main")).toBeInTheDocument();
    expect(within(review).getByText("acc-1")).toBeInTheDocument();
    expect(within(review).queryByText("s3cret")).toBeNull();
    expect(within(review).getByText("•••••••• (kept in your OS keyring)")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Finish" }));
    await waitFor(() => expect(done).toHaveBeenCalledWith(added));
    expect(calls).toContain("finish_connector");
  });

  it("says why validation failed and what to do next, in words", async () => {
    answer({
      connect_connector: { error: { code: "needs_reauthentication", message: "Zoom no longer accepts this connection's sign-in (Invalid client_id or client_secret (invalid_client))" } },
    });
    await renderInApp(<SetupWizard connector={zoom} done={vi.fn()} cancel={vi.fn()} />);
    await userEvent.click(screen.getByRole("checkbox"));
    await next();
    await userEvent.type(screen.getByRole("textbox", { name: /Connector name/ }), "Z");
    await waitFor(() => expect(screen.getByRole("button", { name: "Next" })).toBeEnabled());
    await next();
    await userEvent.type(screen.getByRole("textbox", { name: /Account ID/ }), "a");
    await userEvent.type(screen.getByRole("textbox", { name: /Client ID/ }), "c");
    await userEvent.type(screen.getByLabelText(/Client secret/), "wrong");
    await next();
    await userEvent.click(screen.getByRole("button", { name: "Validate connection" }));
    expect(await screen.findByText("Validation failed")).toBeInTheDocument();
    expect(screen.getByText(/Zoom no longer accepts this connection's sign-in.*Check the client id, secret and account id/)).toBeInTheDocument();
    expect(screen.queryByText("needs_reauthentication")).toBeNull();
    expect(screen.getByRole("button", { name: "Next" })).toBeDisabled();
  });

  it("shows a name that is taken next to the field", async () => {
    answer({ check_connector_name: "\"Zoom Main\" is already the name of a zoom connector." });
    await renderInApp(<SetupWizard connector={zoom} done={vi.fn()} cancel={vi.fn()} />);
    await userEvent.click(screen.getByRole("checkbox"));
    await next();
    await userEvent.type(screen.getByRole("textbox", { name: /Connector name/ }), "zoom main");
    expect(await screen.findAllByText(/already the name of a zoom connector/)).not.toHaveLength(0);
    expect(screen.getByRole("button", { name: "Next" })).toBeDisabled();
  });

  it("asks before discarding what was entered, then cancels the attempt", async () => {
    const calls = answer({});
    const cancel = vi.fn();
    await renderInApp(<SetupWizard connector={zoom} done={vi.fn()} cancel={cancel} />);
    await userEvent.click(screen.getByRole("checkbox"));
    await userEvent.click(screen.getByRole("button", { name: "Cancel" }));
    // Text queries: role queries over a whole Fluent dialog are slow enough to time out
    // on a busy two-core machine; the real-window test checks the dialog with axe-core.
    expect(await screen.findByText("Discard this connector?")).toBeInTheDocument();
    await userEvent.click(screen.getByText("Discard").closest("button") as HTMLElement);
    expect(cancel).toHaveBeenCalled();
    expect(calls).toContain("cancel_connector");
  });
});

describe("my activated connectors", () => {
  it("shows status, sync times and live sync progress, then the outcome", async () => {
    const calls = answer({});
    const reload = vi.fn();
    await renderInApp(<Activated instances={[instance]} catalog={[zoom]} reload={reload} showCatalog={vi.fn()} notice={null} />);
    const row = screen.getByText("Zoom Main").closest("tr") as HTMLElement;
    expect(within(row).getByText("Connected")).toBeInTheDocument();
    await userEvent.click(within(row).getByRole("button", { name: "Sync now: Zoom Main" }));
    expect(calls).toContain("sync_connector");
    await act(() =>
      emit("sync-progress", { instance: instance.uid, name: "Zoom Main", stage: "collecting", pages: 7, requests: 7, retries: 1, message: null }),
    );
    expect(await within(row).findByText("Collecting settings: 7 answers, 1 retried")).toBeInTheDocument();
    // While it runs, the sync can be cancelled.
    await userEvent.click(within(row).getByRole("button", { name: "Cancel sync: Zoom Main" }));
    expect(lastArgs.cancel_sync).toEqual({ instance: instance.uid });
    await act(() =>
      emit("sync-finished", {
        instance: instance.uid, name: "Zoom Main", service: "zoom", succeeded: false, started_at: "", finished_at: "",
        requests: 7, retries: 4, snapshot: null, sha256: null, results: 0, changes: [],
        error_code: "rate_limited", error: "Zoom kept answering \"too many requests\" after 4 attempts; try again later",
      }),
    );
    expect(await screen.findByText("Zoom Main could not sync")).toBeInTheDocument();
    expect(screen.getByText(/Zoom kept answering "too many requests" after 4 attempts; try again later\. The last good data is kept\./)).toBeInTheDocument();
    expect(reload).toHaveBeenCalled();
  });

  it("adds an instance to existing assessments whose template covers its service", async () => {
    const covering = { ...assessment, uid: "7d3c0b1e-0000-4000-8000-000000000002", name: "NIST FY27", instances: ["Salesforce Prod"], template_uid: "t-nist" };
    const using = { ...assessment, name: "Zoom baseline", instances: ["Zoom Main"], template_uid: "t-zoom" };
    const other = { ...assessment, uid: "7d3c0b1e-0000-4000-8000-000000000003", name: "SF only", instances: [], template_uid: "t-sf" };
    const template = (uid: string, services: string[]) => ({
      uid, title: uid, product: "", certification: null, version: "1", revision: "", source: "built_in" as const,
      supported_services: services, families: 1, controls: 1, actions: 1, superseded: false,
    });
    answer({
      list_assessments: [covering, using, other],
      list_templates: [template("t-nist", ["salesforce", "zoom"]), template("t-zoom", ["zoom"]), template("t-sf", ["salesforce"])],
      edit_assessment: covering,
    });
    await renderInApp(<Activated instances={[instance]} catalog={[zoom]} reload={vi.fn()} showCatalog={vi.fn()} notice={null} />);
    await userEvent.click(screen.getByRole("button", { name: "Use in assessments: Zoom Main" }));
    expect(await screen.findByText("Already used by Zoom baseline.")).toBeInTheDocument();
    expect(screen.queryByText(/SF only/)).not.toBeInTheDocument();
    await userEvent.click(await screen.findByRole("checkbox", { name: /NIST FY27/, hidden: true }));
    await userEvent.click(screen.getByRole("button", { name: "Add to 1 assessment", hidden: true }));
    await waitFor(() =>
      expect(lastArgs.edit_assessment).toEqual({
        assessment: covering.uid,
        edit: { name: null, group: null, add_instances: [instance.uid], remove_instances: [] },
      }),
    );
  });

  it("deletes after saying what happens to assessments and evidence", async () => {
    answer({
      connector_removal: { name: "Zoom Main", assessments: ["Zoom baseline"], snapshots: 3 },
      delete_connector: { name: "Zoom Main", revoked: true, revoke_error: null, assessments: ["Zoom baseline"], snapshots_kept: 0 },
    });
    const reload = vi.fn();
    await renderInApp(<Activated instances={[instance]} catalog={[zoom]} reload={reload} showCatalog={vi.fn()} notice={null} />);
    await userEvent.click(screen.getByRole("button", { name: "Delete: Zoom Main" }));
    const dialog = await screen.findByRole("dialog");
    expect(await within(dialog).findByText(/leave the assessment Zoom baseline/)).toBeInTheDocument();
    await userEvent.click(within(dialog).getByRole("radio", { name: "Delete it too" }));
    await userEvent.click(within(dialog).getByRole("button", { name: "Delete" }));
    await waitFor(() => expect(lastArgs.delete_connector).toEqual({ instance: instance.uid, purge: true }));
    expect(await screen.findByText("Zoom Main was deleted")).toBeInTheDocument();
    expect(reload).toHaveBeenCalled();
  });

  it("signs in again from what was entered before, asking only for the secret", async () => {
    answer({ reauthenticate_connector: "Connected to the Zoom account: 8 active users can be read" });
    await renderInApp(<Activated instances={[instance]} catalog={[zoom]} reload={vi.fn()} showCatalog={vi.fn()} notice={null} />);
    await userEvent.click(screen.getByRole("button", { name: "Edit: Zoom Main" }));
    await userEvent.click(await screen.findByRole("button", { name: "Sign in again…" }));
    expect(screen.getByRole("textbox", { name: /Account ID/ })).toHaveValue("acc-1");
    expect(screen.getByRole("textbox", { name: /Client ID/ })).toHaveValue("client-1");
    expect(screen.queryByRole("button", { name: "Validate connection" })).toBeNull();
    await userEvent.type(screen.getByLabelText(/Client secret/), "new-secret");
    await userEvent.click(screen.getByRole("button", { name: "Validate connection" }));
    expect(await screen.findByText("Validation succeeded")).toBeInTheDocument();
    expect(lastArgs.reauthenticate_connector).toMatchObject({
      instance: instance.uid,
      input: { fields: { account_id: "acc-1", client_id: "client-1" }, secrets: { client_secret: "new-secret" } },
    });
    expect(screen.getByRole("button", { name: "Save new sign-in" })).toBeEnabled();
  });

  it("marks a connector that needs a new sign-in, with the reason", async () => {
    answer({});
    const stale = { ...instance, status: "needs_reauthentication", status_reason: "zoom no longer accepts this connection's sign-in. Re-authenticate the connector" };
    await renderInApp(<Activated instances={[stale]} catalog={[zoom]} reload={vi.fn()} showCatalog={vi.fn()} notice={null} />);
    expect(screen.getByText("Needs re-authentication")).toBeInTheDocument();
    expect(screen.getByText("Zoom no longer accepts this connection's sign-in. Re-authenticate the connector.")).toBeInTheDocument();
    expect(screen.getByText("After you re-authenticate")).toBeInTheDocument();
  });
});
