// Typed calls into the Rust side. Every type comes from src/bindings, which
// `cargo test` generates from the Rust definitions; CI fails if they are stale.
import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type { Added } from "./bindings/Added";
import type { ConnectInput } from "./bindings/ConnectInput";
import type { RemovalImpact } from "./bindings/RemovalImpact";
import type { Removed } from "./bindings/Removed";
import type { SyncProgress } from "./bindings/SyncProgress";
import type { SyncReport } from "./bindings/SyncReport";
import type { ActionRow } from "./bindings/ActionRow";
import type { AppInfo } from "./bindings/AppInfo";
import type { AssessmentSummary } from "./bindings/AssessmentSummary";
import type { ConnectorEntry } from "./bindings/ConnectorEntry";
import type { InstanceSummary } from "./bindings/InstanceSummary";
import type { IpcError } from "./bindings/IpcError";
import type { Overview } from "./bindings/Overview";
import type { ScoreReport } from "./bindings/ScoreReport";
import type { AssessmentEdit } from "./bindings/AssessmentEdit";
import type { Deleted } from "./bindings/Deleted";
import type { ImportReport } from "./bindings/ImportReport";
import type { NewAssessment } from "./bindings/NewAssessment";
import type { TemplateSummary } from "./bindings/TemplateSummary";
import type { TemplateUpdate } from "./bindings/TemplateUpdate";
import type { ActionDetails } from "./bindings/ActionDetails";
import type { ActionEdit } from "./bindings/ActionEdit";
import type { ActionPage } from "./bindings/ActionPage";
import type { ActionQuery } from "./bindings/ActionQuery";
import type { AssessmentPage } from "./bindings/AssessmentPage";
import type { ChainCheck } from "./bindings/ChainCheck";
import type { Dashboard } from "./bindings/Dashboard";
import type { Decision } from "./bindings/Decision";
import type { EvidencePeriod } from "./bindings/EvidencePeriod";
import type { HistoryRow } from "./bindings/HistoryRow";
import type { UserName } from "./bindings/UserName";
import type { ActionImport } from "./bindings/ActionImport";
import type { ExportFormat } from "./bindings/ExportFormat";
import type { ExportedFile } from "./bindings/ExportedFile";
import type { BackupView } from "./bindings/BackupView";
import type { Restored } from "./bindings/Restored";
import type { AppFolder } from "./bindings/AppFolder";
import type { ScheduleStatus } from "./bindings/ScheduleStatus";
import type { UpdateOffer } from "./bindings/UpdateOffer";

type NoArgs = Record<string, never>;

/** Each command's arguments and answer, as registered in src-tauri/src/app/commands.rs. */
export interface Commands {
  app_info: { args: NoArgs; result: AppInfo };
  get_overview: { args: NoArgs; result: Overview };
  list_assessments: { args: NoArgs; result: AssessmentSummary[] };
  get_assessment_score: { args: { assessment: string }; result: ScoreReport };
  list_improvement_actions: { args: NoArgs; result: ActionRow[] };
  list_connectors: { args: NoArgs; result: ConnectorEntry[] };
  list_activated_connectors: { args: NoArgs; result: InstanceSummary[] };
  sync_connector: { args: { instance: string }; result: null };
  cancel_sync: { args: { instance: string }; result: boolean };
  check_connector_name: { args: { name: string }; result: string | null };
  connect_connector: { args: { attempt: string; input: ConnectInput }; result: string };
  reauthenticate_connector: { args: { attempt: string; instance: string; input: ConnectInput }; result: string };
  cancel_connector: { args: { attempt: string }; result: null };
  finish_connector: { args: { attempt: string }; result: Added };
  finish_reauthentication: { args: { attempt: string; instance: string }; result: Added };
  rename_connector: { args: { instance: string; name: string }; result: InstanceSummary };
  connector_removal: { args: { instance: string }; result: RemovalImpact };
  delete_connector: { args: { instance: string; purge: boolean }; result: Removed };
  list_templates: { args: NoArgs; result: TemplateSummary[] };
  list_assessment_groups: { args: NoArgs; result: string[] };
  check_assessment_name: { args: { name: string }; result: string | null };
  create_assessment: { args: { input: NewAssessment }; result: AssessmentSummary };
  edit_assessment: { args: { assessment: string; edit: AssessmentEdit }; result: AssessmentSummary };
  template_update: { args: { assessment: string; apply: boolean }; result: TemplateUpdate };
  assessment_deletion: { args: { assessment: string }; result: Deleted };
  delete_assessment: { args: { assessment: string }; result: Deleted };
  import_template: { args: { path: string; dryRun: boolean }; result: ImportReport };
  get_assessment_page: { args: { assessment: string }; result: AssessmentPage };
  list_assessment_actions: { args: { assessment: string; query: ActionQuery }; result: ActionPage };
  get_action_details: { args: { assessment: string; action: string }; result: ActionDetails };
  update_action: { args: { assessment: string; action: string; edit: ActionEdit }; result: ActionDetails };
  review_action: {
    args: { assessment: string; action: string; instance: string | null; decision: Decision };
    result: ActionDetails;
  };
  set_check_threshold: { args: { assessment: string; action: string; value: number | null }; result: ActionDetails };
  add_evidence: {
    args: { assessment: string; action: string; source: string; period: EvidencePeriod };
    result: ActionDetails;
  };
  get_history: { args: { assessment: string; action: string | null }; result: HistoryRow[] };
  verify_history: { args: NoArgs; result: ChainCheck };
  get_dashboard: { args: NoArgs; result: Dashboard };
  get_user_name: { args: NoArgs; result: UserName };
  set_user_name: { args: { name: string }; result: UserName };
  open_sample_workspace: { args: NoArgs; result: boolean };
  leave_sample_workspace: { args: NoArgs; result: boolean };
  remove_sample_workspace: { args: NoArgs; result: boolean };
  export_report: { args: { assessment: string; format: ExportFormat; path: string }; result: ExportedFile };
  organisation: { args: NoArgs; result: string };
  set_organisation: { args: { name: string }; result: string };
  import_actions: { args: { assessment: string; path: string; dryRun: boolean }; result: ActionImport };
  list_backups: { args: NoArgs; result: BackupView[] };
  take_backup: { args: NoArgs; result: BackupView };
  restore_backup: { args: { name: string }; result: Restored };
  restore_unreadable_workspace: { args: { name: string }; result: null };
  check_for_update: { args: NoArgs; result: UpdateOffer | null };
  download_update: { args: NoArgs; result: UpdateOffer };
  install_update: { args: NoArgs; result: null };
  open_folder: { args: { folder: AppFolder }; result: null };
  schedule_status: { args: NoArgs; result: ScheduleStatus };
  schedule_install: { args: NoArgs; result: ScheduleStatus };
  schedule_remove: { args: NoArgs; result: ScheduleStatus };
}

/** Events the Rust side sends, with their payloads. */
export interface Events {
  "sync-progress": SyncProgress;
  "sync-finished": SyncReport;
  /** Something else committed to the workspace: the CLI, the OS scheduler's sync. */
  "workspace-changed": null;
}

/** Listens to an event; resolves to the function that stops listening. */
export async function onEvent<K extends keyof Events>(
  event: K,
  handler: (payload: Events[K]) => void,
): Promise<UnlistenFn> {
  return listen<Events[K]>(event, (e) => handler(e.payload));
}

export type CommandName = keyof Commands;

export async function call<K extends CommandName>(
  command: K,
  args: Commands[K]["args"],
): Promise<Commands[K]["result"]> {
  try {
    return await invoke<Commands[K]["result"]>(command, args);
  } catch (raw) {
    throw toIpcError(raw);
  }
}

/** An error as a sentence for people: capitalised, with a full stop. */
export function sentence(error: IpcError): string {
  const text = error.message.trim();
  const capital = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/** The Rust side rejects with `{code, message}`; anything else is unexpected. */
export function toIpcError(raw: unknown): IpcError {
  if (typeof raw === "object" && raw !== null && "code" in raw && "message" in raw) {
    return raw as IpcError;
  }
  return { code: "storage", message: typeof raw === "string" ? raw : "Something unexpected went wrong." };
}
