import { Dropdown, Field, Input, Option } from "@fluentui/react-components";
import type { ActionDetails } from "../../bindings/ActionDetails";
import type { InstanceResult } from "../../bindings/InstanceResult";

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A `YYYY-MM-DD` field; empty is allowed and clears the date. */
export function DayField(props: { label: string; value: string; onChange: (value: string) => void }) {
  const problem = props.value !== "" && !DAY.test(props.value) ? "A date like 2026-11-29." : undefined;
  return (
    <Field label={props.label} validationMessage={problem} hint={problem ? undefined : "YYYY-MM-DD"}>
      <Input value={props.value} placeholder="YYYY-MM-DD" onChange={(_, d) => props.onChange(d.value.trim())} />
    </Field>
  );
}

export function validDay(value: string): boolean {
  return value === "" || DAY.test(value);
}

/** "" for all instances, or one instance's UUID. */
export type InstanceChoice = string;

/** Which instance an edit applies to, for technical actions on several instances. */
export function InstancePicker(props: { details: ActionDetails; value: InstanceChoice; onChange: (value: InstanceChoice) => void }) {
  const instances = props.details.results.filter((r) => r.instance_uid !== null);
  if (instances.length < 2) return null;
  const label = (v: string) => (v === "" ? `All instances (${instances.length})` : (instances.find((r) => r.instance_uid === v)?.instance_name ?? v));
  return (
    <Field label="Applies to">
      <Dropdown value={label(props.value)} selectedOptions={[props.value]} onOptionSelect={(_, d) => props.onChange(d.optionValue ?? "")}>
        <Option value="">{label("")}</Option>
        {instances.map((r) => (
          <Option key={r.instance_uid} value={r.instance_uid ?? ""}>
            {r.instance_name ?? ""}
          </Option>
        ))}
      </Dropdown>
    </Field>
  );
}

/** The result whose values a form starts from. */
export function resultFor(details: ActionDetails, choice: InstanceChoice): InstanceResult {
  const found = details.results.find((r) => r.instance_uid === choice) ?? details.results[0];
  if (!found) throw new Error("an action always has one result or one per instance");
  return found;
}

/** Only what the person changed, so that "all instances" keeps each one's own values. */
export function changed<T extends object>(initial: T, current: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(current) as (keyof T)[]) {
    if (current[key] !== initial[key]) out[key] = current[key];
  }
  return out;
}
