import { mockIPC } from "@tauri-apps/api/mocks";
import type { ScheduleStatus } from "../bindings/ScheduleStatus";
import type { AppInfo } from "../bindings/AppInfo";
import type { AssessmentSummary } from "../bindings/AssessmentSummary";
import type { ConnectorEntry } from "../bindings/ConnectorEntry";
import type { Overview } from "../bindings/Overview";
import type { AssessmentPage } from "../bindings/AssessmentPage";
import type { ScoreReport } from "../bindings/ScoreReport";
import type { CommandName, Commands } from "../ipc";

export const appInfo: AppInfo = { version: "0.1.0", data_dir: "/data", log_dir: "/data/logs", startup_error: null, sample: false, restorable_backup: null };

export const notScheduled: ScheduleStatus = {
  scheduler: "systemd user timer",
  installed: false,
  current: false,
  active: null,
  next_run: null,
  time: "07:00",
  command: "/usr/bin/compliance-desk --data-dir /data sync --all",
  files: ["/home/ann/.config/systemd/user/compliance-desk-sync.service", "/home/ann/.config/systemd/user/compliance-desk-sync.timer"],
};

export const emptyOverview: Overview = {
  overall: {
    points: { achieved: 0, possible: 0 },
    score: 0,
    technical: { achieved: 0, possible: 0 },
    non_technical: { achieved: 0, possible: 0 },
    counted: 0,
  },
  assessments: 0,
  templates: 0,
  service_instances: 0,
  improvement_actions: 0,
};

function connector(id: string, name: string, reads: string[]): ConnectorEntry {
  return {
    id,
    name,
    publisher: "Compliance Desk",
    description: `Reads a ${name} account.`,
    reads,
    requirements: { admin_role: "An admin", app_registration: ["Register an app."], callback_url: null, scopes: ["api"] },
    auth_methods: [{ id: "oauth_pkce", label: `Sign in with ${name}`, description: "", fields: [] }],
    terms: { version: "2026-11-01", text: `Terms for ${name}.` },
  };
}

/** Zoom as the Rust catalog describes it: two sign-in methods, a secret, folded addresses. */
export const zoom: ConnectorEntry = {
  ...connector("zoom", "Zoom", ["Lock settings"]),
  requirements: {
    admin_role: "A Zoom admin",
    app_registration: ["Create a Server-to-Server OAuth app."],
    callback_url: "http://localhost:4199/oauth/callback",
    scopes: ["account:read:admin", "user:read:admin"],
  },
  auth_methods: [
    {
      id: "server_to_server",
      label: "Server-to-Server OAuth",
      description: "An account-level app.",
      fields: [
        { id: "account_id", label: "Account ID", secret: false, default_value: null, advanced: false },
        { id: "client_id", label: "Client ID", secret: false, default_value: null, advanced: false },
        { id: "client_secret", label: "Client secret", secret: true, default_value: null, advanced: false },
        { id: "oauth_url", label: "Zoom sign-in address", secret: false, default_value: "https://zoom.us", advanced: true },
      ],
    },
    {
      id: "oauth_pkce",
      label: "Sign in with Zoom",
      description: "In your browser.",
      fields: [
        { id: "client_id", label: "Client ID", secret: false, default_value: null, advanced: false },
        { id: "callback_port", label: "Callback port", secret: false, default_value: "4199", advanced: false },
      ],
    },
  ],
};


export const connectors: ConnectorEntry[] = [
  connector("salesforce", "Salesforce", ["Health Check"]),
  connector("zoom", "Zoom", ["Lock settings"]),
];

export const assessment: AssessmentSummary = {
  id: 1,
  uid: "7d3c0b1e-2f7a-4c1e-9d55-0a8f8f3b2c11",
  name: "Baseline 2026",
  group: "Default group",
  template: "Security baseline",
  template_uid: "5d2b8e1a-0c3d-4e19-a4f6-0d9ce7b25f31",
  template_version: "1",
  update_available: false,
  instances: ["Salesforce Prod", "Zoom Main"],
  points: { achieved: 36, possible: 39 },
  score: 36 / 39,
  status: "incomplete",
  progress: 2 / 3,
  created_at: "2026-11-01T09:00:00.000Z",
};

export const report: ScoreReport = {
  assessment,
  controls: [],
  actions: [
    {
      action_id: 1, title: "Require MFA", points: 27, achieved: 27, possible: 27, outcome: "passed",
      applicable: 1, in_scope: 1, passed: 1, credit: 1, statuses: [], explanation: "Earned 27 of 27 points.",
    },
    {
      action_id: 2, title: "Enable the waiting room", points: 3, achieved: 0, possible: 3, outcome: "failed",
      applicable: 1, in_scope: 1, passed: 0, credit: 0, statuses: [], explanation: "Earned 0 of 3 points.",
    },
  ],
};

/** The assessment page of `assessment`. */
export function pageOf(summary: AssessmentSummary): AssessmentPage {
  return {
    summary,
    instances: [
      { uid: "3b1f0c2e-1111-4a2b-9c3d-000000000001", name: "Salesforce Prod", service: "salesforce", last_sync: "2026-11-28T09:00:00.000Z", stale: false, status: "connected" },
      { uid: "3b1f0c2e-1111-4a2b-9c3d-000000000002", name: "Zoom Main", service: "zoom", last_sync: null, stale: true, status: "connected" },
    ],
    families: [{ label: "Access control", achieved: 36, possible: 36 }],
    instance_scores: [{ label: "Salesforce Prod", achieved: 27, possible: 27 }],
    attention: [],
    controls: [],
    action_count: 3,
  };
}

type Answers = { [K in CommandName]?: Commands[K]["result"] | { error: { code: string; message: string } } } & {
  /** Plugin commands, such as "plugin:dialog|open". */
  [plugin: `plugin:${string}`]: unknown;
};

/** The arguments of the latest call of each command. */
export const lastArgs: Record<string, unknown> = {};

/** Answers commands from `answers`; an `{error}` answer rejects like the Rust side does. */
export function answer(answers: Answers): string[] {
  const calls: string[] = [];
  const defaults: Answers = {
    app_info: appInfo,
    get_overview: emptyOverview,
    list_assessments: [],
    list_improvement_actions: [],
    list_connectors: connectors,
    list_activated_connectors: [],
    check_connector_name: null,
    cancel_connector: null,
    sync_connector: null,
    cancel_sync: true,
    get_assessment_page: pageOf(assessment),
    list_templates: [],
    schedule_status: notScheduled,
  };
  mockIPC(
    (cmd, args) => {
      calls.push(cmd);
      lastArgs[cmd] = args;
      const value = ({ ...defaults, ...answers } as Record<string, unknown>)[cmd];
      if (value === undefined) throw new Error(`unexpected command ${cmd}`);
      if (typeof value === "object" && value !== null && "error" in value) {
        return Promise.reject(value.error);
      }
      return value;
    },
    { shouldMockEvents: true },
  );
  return calls;
}
