import { Combobox, Dropdown, Field, Input, Option, Radio, RadioGroup, Textarea } from "@fluentui/react-components";
import { useState } from "react";
import type { ActionDetails } from "../../bindings/ActionDetails";
import type { TestingSource } from "../../bindings/TestingSource";
import type { TestStatus } from "../../bindings/TestStatus";
import { testStatusLabel } from "../../components/StatusBadge";
import { call } from "../../ipc";
import { useCommand } from "../../useCommand";
import { changed, DayField, InstancePicker, resultFor, validDay, type InstanceChoice } from "./fields";
import { useFormStyles } from "./formStyles";
import { manualTestStatuses } from "./statusOptions";
import { FormFooter } from "./FormFooter";
import { useActionChange } from "./useActionChange";

/** Picks the parent action among the assessment's actions, by typing part of its title. */
function ParentPicker(props: { details: ActionDetails; value: string; title: string; onChange: (uid: string, title: string) => void }) {
  const [text, setText] = useState(props.title);
  const [found] = useCommand("list_assessment_actions", {
    assessment: props.details.assessment_uid,
    query: { search: text, needs_review: false, sort: "title", descending: false, offset: 0, limit: 20 },
  });
  const options = found.state === "ready" ? found.data.rows.filter((r) => r.uid !== props.details.action_uid) : [];
  return (
    <Field label="Parent action" required hint="The test status, date and evidence come from this action.">
      <Combobox
        freeform
        value={text}
        selectedOptions={props.value ? [props.value] : []}
        onChange={(e) => setText(e.target.value)}
        onOptionSelect={(_, d) => {
          if (d.optionValue) {
            props.onChange(d.optionValue, d.optionText ?? "");
            setText(d.optionText ?? "");
          }
        }}
      >
        {options.map((r) => (
          <Option key={r.uid} value={r.uid} text={r.title}>
            {r.title}
          </Option>
        ))}
      </Combobox>
    </Field>
  );
}

function TestingFields(props: { details: ActionDetails; instance: InstanceChoice }) {
  const styles = useFormStyles();
  const { details } = props;
  const technical = details.implementation_type === "technical";
  const start = resultFor(details, props.instance);
  const initial = {
    testing_source: start.testing_source,
    parent_action: start.parent_action_uid ?? "",
    test_status: start.testing_source === "manual" ? start.test_status : ("none" as TestStatus),
    partial_credit: start.partial_credit === null ? "" : String(start.partial_credit),
    test_date: start.test_date ? start.test_date.slice(0, 10) : "",
    testing_notes: start.testing_notes,
  };
  const [form, setForm] = useState(initial);
  const [parentTitle, setParentTitle] = useState(start.parent_action_title ?? "");
  const change = useActionChange(details.assessment_uid, details.action_uid);
  const edits = changed(initial, form);
  const share = Number(form.partial_credit);
  const partial = form.testing_source === "manual" && form.test_status === "partially_tested";
  const creditOk = !partial || (form.partial_credit.trim() !== "" && share >= 0 && share <= 1);
  const parentOk = form.testing_source !== "parent" || form.parent_action !== "";
  const save = () => {
    const { partial_credit, parent_action, test_status, ...rest } = edits;
    const manual = form.testing_source === "manual";
    const edit = {
      ...rest,
      ...(manual && (test_status !== undefined || edits.testing_source) ? { test_status: form.test_status } : {}),
      ...(manual && partial && (partial_credit !== undefined || test_status !== undefined) ? { partial_credit: share } : {}),
      ...(form.testing_source === "parent" && (parent_action !== undefined || edits.testing_source) ? { parent_action: form.parent_action } : {}),
      ...(props.instance ? { instance: props.instance } : {}),
    };
    void change.run(() => call("update_action", { assessment: details.assessment_uid, action: details.action_uid, edit }));
  };
  return (
    <form
      className={styles.form}
      aria-label="Testing"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <Field label="Testing source">
        <RadioGroup layout="horizontal" value={form.testing_source} onChange={(_, d) => setForm({ ...form, testing_source: d.value as TestingSource })}>
          {technical && <Radio value="automatic" label="Automatic (connector)" />}
          <Radio value="manual" label="Manual" />
          <Radio value="parent" label="Parent action" />
        </RadioGroup>
      </Field>
      {form.testing_source === "parent" && (
        <ParentPicker
          details={details}
          value={form.parent_action}
          title={parentTitle}
          onChange={(uid, title) => {
            setForm({ ...form, parent_action: uid });
            setParentTitle(title);
          }}
        />
      )}
      {form.testing_source === "manual" && (
        <div className={styles.row}>
          <Field label="Test status">
            <Dropdown
              value={testStatusLabel(form.test_status)}
              selectedOptions={[form.test_status]}
              onOptionSelect={(_, d) => d.optionValue && setForm({ ...form, test_status: d.optionValue as TestStatus })}
            >
              {manualTestStatuses.map((s) => (
                <Option key={s} value={s}>
                  {testStatusLabel(s)}
                </Option>
              ))}
            </Dropdown>
          </Field>
          {partial && (
            <Field label="Partial credit (0 to 1)" validationMessage={creditOk ? undefined : "A share between 0 and 1."}>
              <Input type="number" min={0} max={1} step={0.05} value={form.partial_credit} onChange={(_, d) => setForm({ ...form, partial_credit: d.value })} />
            </Field>
          )}
        </div>
      )}
      {form.testing_source === "manual" && <DayField label="Test date" value={form.test_date} onChange={(v) => setForm({ ...form, test_date: v })} />}
      <Field label="Testing notes">
        <Textarea value={form.testing_notes} rows={4} resize="vertical" onChange={(_, d) => setForm({ ...form, testing_notes: d.value })} />
      </Field>
      <FormFooter error={change.error} label="Save testing" disabled={Object.keys(edits).length === 0 || !creditOk || !parentOk || !validDay(form.test_date) || change.busy} />
    </form>
  );
}

export function TestingForm({ details }: { details: ActionDetails }) {
  const [instance, setInstance] = useState<InstanceChoice>("");
  const start = resultFor(details, instance);
  return (
    <>
      <InstancePicker details={details} value={instance} onChange={setInstance} />
      <TestingFields key={`${instance}-${start.updated_at}`} details={details} instance={instance} />
    </>
  );
}
