import { Dropdown, Field, Input, Option, Textarea } from "@fluentui/react-components";
import { useState } from "react";
import type { ActionDetails } from "../../bindings/ActionDetails";
import type { ImplementationStatus } from "../../bindings/ImplementationStatus";
import { call } from "../../ipc";
import { useFormStyles } from "./formStyles";
import { changed, DayField, InstancePicker, resultFor, validDay, type InstanceChoice } from "./fields";
import { implementationStatuses } from "./statusOptions";
import { FormFooter } from "./FormFooter";
import { useActionChange } from "./useActionChange";


function ImplementationFields(props: { details: ActionDetails; instance: InstanceChoice }) {
  const styles = useFormStyles();
  const { details } = props;
  const start = resultFor(details, props.instance);
  const initial = {
    implementation_status: start.implementation_status,
    implementation_date: start.implementation_date ?? "",
    assigned_to: start.assigned_to ?? "",
    implementation_notes: start.implementation_notes,
  };
  const [form, setForm] = useState(initial);
  const change = useActionChange(details.assessment_uid, details.action_uid);
  const edits = changed(initial, form);
  const label = (s: ImplementationStatus) => implementationStatuses.find(([code]) => code === s)?.[1] ?? s;
  return (
    <form
      className={styles.form}
      aria-label="Implementation"
      onSubmit={(e) => {
        e.preventDefault();
        void change.run(() =>
          call("update_action", {
            assessment: details.assessment_uid,
            action: details.action_uid,
            edit: { ...edits, ...(props.instance ? { instance: props.instance } : {}) },
          }),
        );
      }}
    >
      <div className={styles.row}>
        <Field label="Implementation status">
          <Dropdown
            value={label(form.implementation_status)}
            selectedOptions={[form.implementation_status]}
            onOptionSelect={(_, d) => d.optionValue && setForm({ ...form, implementation_status: d.optionValue as ImplementationStatus })}
          >
            {implementationStatuses.map(([code, text]) => (
              <Option key={code} value={code}>
                {text}
              </Option>
            ))}
          </Dropdown>
        </Field>
        <DayField label="Implementation date" value={form.implementation_date} onChange={(v) => setForm({ ...form, implementation_date: v })} />
      </div>
      <Field label="Assigned to">
        <Input value={form.assigned_to} onChange={(_, d) => setForm({ ...form, assigned_to: d.value })} />
      </Field>
      <Field label="Implementation notes">
        <Textarea value={form.implementation_notes} rows={4} resize="vertical" onChange={(_, d) => setForm({ ...form, implementation_notes: d.value })} />
      </Field>
      <FormFooter error={change.error} label="Save implementation" disabled={Object.keys(edits).length === 0 || !validDay(form.implementation_date) || change.busy} />
    </form>
  );
}

export function ImplementationForm({ details }: { details: ActionDetails }) {
  const [instance, setInstance] = useState<InstanceChoice>("");
  const start = resultFor(details, instance);
  return (
    <>
      <InstancePicker details={details} value={instance} onChange={setInstance} />
      <ImplementationFields key={`${instance}-${start.updated_at}`} details={details} instance={instance} />
    </>
  );
}
