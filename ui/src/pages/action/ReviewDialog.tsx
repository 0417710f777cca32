import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Dropdown,
  Field,
  Input,
  Option,
  Textarea,
} from "@fluentui/react-components";
import { useState } from "react";
import type { Decision } from "../../bindings/Decision";
import type { InstanceResult } from "../../bindings/InstanceResult";
import type { TestStatus } from "../../bindings/TestStatus";
import { testStatusLabel } from "../../components/StatusBadge";
import { manualTestStatuses } from "./statusOptions";

/** Override an automatic result: the status to score instead, and why (required). */
export function ReviewDialog(props: {
  result: InstanceResult | null;
  busy: boolean;
  error: string | null;
  onCancel: () => void;
  onSave: (decision: Decision) => void;
}) {
  const [status, setStatus] = useState<TestStatus>("passed");
  const [credit, setCredit] = useState("0.5");
  const [why, setWhy] = useState("");
  const share = Number(credit);
  const creditProblem = status === "partially_tested" && !(credit.trim() !== "" && share >= 0 && share <= 1) ? "A share between 0 and 1." : undefined;
  const whyProblem = why.trim() === "" ? "Say why the automatic result is wrong; auditors read this." : undefined;
  const r = props.result;
  return (
    <Dialog open={r !== null} onOpenChange={(_, d) => !d.open && props.onCancel()}>
      <DialogSurface>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (whyProblem || creditProblem) return;
            props.onSave({
              decision: "override",
              status,
              justification: why.trim(),
              ...(status === "partially_tested" ? { partial_credit: share } : {}),
            });
          }}
        >
          <DialogBody>
            <DialogTitle>Override the automatic result{r?.instance_name ? ` on ${r.instance_name}` : ""}</DialogTitle>
            <DialogContent style={{ display: "flex", flexDirection: "column", gap: "12px" }}>
              <Field label="Status to score instead" required>
                <Dropdown
                  value={testStatusLabel(status)}
                  selectedOptions={[status]}
                  onOptionSelect={(_, d) => d.optionValue && setStatus(d.optionValue as TestStatus)}
                >
                  {manualTestStatuses.map((s) => (
                    <Option key={s} value={s}>
                      {testStatusLabel(s)}
                    </Option>
                  ))}
                </Dropdown>
              </Field>
              {status === "partially_tested" && (
                <Field label="Partial credit (share of the points, 0 to 1)" validationMessage={creditProblem}>
                  <Input type="number" min={0} max={1} step={0.05} value={credit} onChange={(_, d) => setCredit(d.value)} />
                </Field>
              )}
              <Field label="Justification" required validationMessage={whyProblem} validationState={whyProblem ? "none" : "success"}>
                <Textarea value={why} onChange={(_, d) => setWhy(d.value)} resize="vertical" rows={4} />
              </Field>
              {props.error && <Field validationMessage={props.error} validationState="error" />}
            </DialogContent>
            <DialogActions>
              <Button appearance="secondary" onClick={props.onCancel}>
                Cancel
              </Button>
              <Button appearance="primary" type="submit" disabled={Boolean(whyProblem || creditProblem) || props.busy}>
                Override
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
