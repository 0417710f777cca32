// What the Authentication step collects, and how it becomes the Rust side's input.

/** A fresh id for one sign-in attempt, so the Rust side can cancel or finish it. */
export function attemptId(): string {
  return globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random()}`;
}
import type { AuthMethod } from "../../bindings/AuthMethod";
import type { ConnectInput } from "../../bindings/ConnectInput";
import type { ConnectorEntry } from "../../bindings/ConnectorEntry";

export type LoginChoice = "production" | "sandbox" | "custom";

export interface AuthValues {
  method: string;
  /** Field values by field id (secrets included, until they are sent). */
  values: Record<string, string>;
  /** Salesforce's login host: production, sandbox or a My Domain URL. */
  login: LoginChoice;
}

export function methodOf(connector: ConnectorEntry, id: string): AuthMethod {
  const method = connector.auth_methods.find((m) => m.id === id) ?? connector.auth_methods[0];
  if (!method) throw new Error(`the ${connector.name} connector offers no sign-in method`);
  return method;
}

/** Defaults: the first method, each field's preset value. */
export function initialAuth(connector: ConnectorEntry): AuthValues {
  const values: Record<string, string> = {};
  for (const method of connector.auth_methods) {
    for (const field of method.fields) {
      if (field.default_value !== null && values[field.id] === undefined) values[field.id] = field.default_value;
    }
  }
  values.login_host = "";
  return { method: methodOf(connector, "").id, values, login: "production" };
}

/** A new sign-in of an existing connector, starting from what was entered before. */
export function authFrom(connector: ConnectorEntry, method: string, fields: Record<string, string>): AuthValues {
  const start = initialAuth(connector);
  const values = { ...start.values, ...fields };
  const host = fields.login_host ?? "";
  const login: LoginChoice = host === "production" || host === "sandbox" ? host : host === "" ? "production" : "custom";
  if (login !== "custom") values.login_host = "";
  return { method, values, login };
}

/** Why the entered values cannot be used yet, per field id. */
export function authProblems(connector: ConnectorEntry, auth: AuthValues): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const field of methodOf(connector, auth.method).fields) {
    const value = (auth.values[field.id] ?? "").trim();
    if (field.id === "login_host") {
      if (auth.login === "custom" && !/^https?:\/\/[^\s/]+/.test(value)) {
        problems.login_host = "Enter your My Domain URL, such as https://acme.my.salesforce.com.";
      }
    } else if (field.id === "callback_port") {
      const port = Number(value);
      if (!Number.isInteger(port) || port < 1 || port > 65535) problems.callback_port = "Use a port from 1 to 65535.";
    } else if (field.advanced) {
      if (!/^https?:\/\/[^\s/]+/.test(value)) problems[field.id] = "Enter a web address starting with https://.";
    } else if (value === "") {
      problems[field.id] = `${field.label} is required.`;
    }
  }
  return problems;
}

/** The callback URL to register, with the chosen port. */
export function callbackUrl(connector: ConnectorEntry, auth: AuthValues): string | null {
  const base = connector.requirements.callback_url;
  const port = (auth.values.callback_port ?? "").trim();
  if (!base || !methodOf(connector, auth.method).fields.some((f) => f.id === "callback_port")) return null;
  return base.replace(/:\d+\//, `:${port || "0"}/`);
}

export function connectInput(
  connector: ConnectorEntry,
  name: string,
  acceptedTerms: string | null,
  auth: AuthValues,
): ConnectInput {
  const fields: Record<string, string> = {};
  const secrets: Record<string, string> = {};
  for (const field of methodOf(connector, auth.method).fields) {
    let value = (auth.values[field.id] ?? "").trim();
    if (field.id === "login_host") value = auth.login === "custom" ? value : auth.login;
    if (value === "") continue;
    if (field.secret) secrets[field.id] = value;
    else fields[field.id] = value;
  }
  return { service: connector.id, name: name.trim(), accepted_terms: acceptedTerms, auth_method: auth.method, fields, secrets };
}
