// Typed calls into the Rust side. Every type comes from src/bindings, which
// `cargo test` generates from the Rust definitions; CI fails if they are stale.
import { invoke } from "@tauri-apps/api/core";
import type { ActionRow } from "./bindings/ActionRow";
import type { AppInfo } from "./bindings/AppInfo";
import type { AssessmentSummary } from "./bindings/AssessmentSummary";
import type { ConnectorEntry } from "./bindings/ConnectorEntry";
import type { InstanceSummary } from "./bindings/InstanceSummary";
import type { IpcError } from "./bindings/IpcError";
import type { Overview } from "./bindings/Overview";
import type { ScoreReport } from "./bindings/ScoreReport";

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

/** The Rust side rejects with `{code, message}`; anything else is unexpected. */
export function toIpcError(raw: unknown): IpcError {
  if (typeof raw === "object" && raw !== null && "code" in raw && "message" in raw) {
    return raw as IpcError;
  }
  return { code: "storage", message: typeof raw === "string" ? raw : "Something unexpected went wrong." };
}
