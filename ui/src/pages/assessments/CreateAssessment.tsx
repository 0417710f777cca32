import {
  Combobox,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Option,
  Text,
  tokens,
  typographyStyles,
} from "@fluentui/react-components";
import { useNavigate, useSearch } from "@tanstack/react-router";
import { useEffect, useRef, useState } from "react";
import type { IpcError } from "../../bindings/IpcError";
import { Loading } from "../../components/Loading";
import { StepList } from "../../components/StepList";
import { WizardFooter } from "../../components/Wizard";
import { call, sentence } from "../../ipc";
import { useCommand, useRefreshAll } from "../../useCommand";
import { ImportTemplate } from "./ImportTemplate";
import { Review } from "./Review";
import { SelectRegulation } from "./SelectRegulation";
import { SelectServices, ServiceInstances } from "./ServiceSteps";
import type { WizardSearch } from "./wizardSearch";

export const STEPS = ["Select regulation", "Name and group", "Select services", "Service instances", "Review and finish"];
const DEFAULT_GROUP = "Default group";

const useStyles = makeStyles({
  root: { display: "grid", gridTemplateColumns: "minmax(140px, 200px) minmax(0, 1fr)", gap: tokens.spacingHorizontalL, minHeight: "540px" },
  content: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL, minWidth: 0 },
  body: { flexGrow: 1, display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM, minWidth: 0 },
  muted: { color: tokens.colorNeutralForeground2 },
  title: { ...typographyStyles.title2, margin: 0 },
  headingRow: { display: "flex", alignItems: "flex-end", justifyContent: "space-between", gap: tokens.spacingHorizontalL },
});

/** The name is checked by the Rust side as it is typed. */
function useNameProblem(name: string): string | null | undefined {
  const [problem, setProblem] = useState<{ name: string; problem: string | null } | null>(null);
  useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      call("check_assessment_name", { name }).then(
        (found) => current && setProblem({ name, problem: found }),
        (error: IpcError) => current && setProblem({ name, problem: sentence(error) }),
      );
    }, 200);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [name]);
  return problem?.name === name ? problem.problem : undefined;
}

/** Create assessment: Select regulation -> Name and group -> Select services ->
 * Service instances -> Review and finish. Every answer lives in the URL. */
export function CreateAssessment() {
  const styles = useStyles();
  const search = useSearch({ from: "/assessments/new" });
  const navigate = useNavigate({ from: "/assessments/new" });
  const refreshAll = useRefreshAll();
  const [templates, reloadTemplates] = useCommand("list_templates", {});
  const [catalog] = useCommand("list_connectors", {});
  const [activated] = useCommand("list_activated_connectors", {});
  const [groups] = useCommand("list_assessment_groups", {});
  const [creating, setCreating] = useState<{ busy: boolean; error: IpcError | null }>({ busy: false, error: null });
  const heading = useRef<HTMLHeadingElement>(null);

  const step = search.step ?? 0;
  const name = search.name ?? "";
  const group: string = search.group ?? (groups.state === "ready" ? groups.data[0] : undefined) ?? DEFAULT_GROUP;
  const unticked = search.unticked ?? [];
  const nameProblem = useNameProblem(name);
  useEffect(() => heading.current?.focus(), [step]);

  const update = (changes: Partial<WizardSearch>) =>
    void navigate({ search: (previous) => ({ ...previous, ...changes }), replace: true });
  const go = (next: number) => void navigate({ search: (previous) => ({ ...previous, step: next }) });

  const templateList = templates.state === "ready" ? templates.data : [];
  const template = templateList.find((t) => t.uid === search.template);
  const instances = activated.state === "ready" ? activated.data : [];
  const names: Record<string, string> = Object.fromEntries(
    (catalog.state === "ready" ? catalog.data : []).map((c) => [c.id, c.name]),
  );
  const supported = template?.supported_services ?? [];
  // By default, the supported services that have an activated instance.
  const services = (search.services ?? supported.filter((s) => instances.some((i) => i.service === s))).filter((s) =>
    supported.includes(s),
  );
  const chosen = instances.filter((i) => services.includes(i.service) && !unticked.includes(i.uid));
  const serviceWithout = services.find((s) => !chosen.some((i) => i.service === s));

  const blocked: (string | null)[] = [
    template ? null : "Choose the regulation to assess against.",
    name.trim() === ""
      ? "Give the assessment a name."
      : nameProblem === undefined
        ? "Checking the name…"
        : (nameProblem ?? (group.trim() === "" ? "Choose or name a group." : null)),
    null,
    serviceWithout
      ? `Tick or add a ${names[serviceWithout] ?? serviceWithout} connector, or clear ${names[serviceWithout] ?? serviceWithout} in Select services.`
      : null,
    null,
  ];

  const entered = search.template !== undefined || name !== "";
  const leave = () => void navigate({ to: "/assessments", search: {} });

  const addNew = (service: string) =>
    void navigate({
      to: "/connectors/$service/setup",
      params: { service },
      search: { returnTo: JSON.stringify({ ...search, step: 3, services }) },
    });

  const create = () => {
    if (!template) return;
    setCreating({ busy: true, error: null });
    call("create_assessment", {
      input: { name: name.trim(), template: template.uid, group: group.trim(), instances: chosen.map((i) => i.uid) },
    }).then(
      (created) => {
        refreshAll();
        void navigate({ to: "/assessments/$assessment", params: { assessment: created.uid } });
      },
      (error: IpcError) => setCreating({ busy: false, error }),
    );
  };

  return (
    <div className={styles.root}>
      <StepList steps={STEPS} current={step} label="Assessment steps" />
      <section className={styles.content} aria-labelledby="wizard-step-title">
        <div className={styles.headingRow}>
          <div>
            <Text className={styles.muted}>Create assessment</Text>
            <h1 id="wizard-step-title" tabIndex={-1} ref={heading} className={styles.title}>
              {STEPS[step]}
            </h1>
          </div>
          {step === 0 && <ImportTemplate imported={reloadTemplates} />}
        </div>
        <div className={styles.body}>
          {step === 0 && (
            <Loading loaded={templates} what="the templates">
              {(list) => (
                <SelectRegulation
                  templates={list}
                  selected={search.template}
                  select={(uid) => update({ template: uid, services: undefined })}
                  serviceNames={names}
                  activated={new Set(instances.map((i) => i.service))}
                />
              )}
            </Loading>
          )}
          {step === 1 && (
            <>
              <Field
                label="Assessment name"
                required
                hint="A unique name, such as the regulation and the period: NIST 800-53 FY2027."
                validationMessage={name.trim() === "" ? undefined : (nameProblem ?? undefined)}
                validationState={nameProblem ? "error" : nameProblem === null && name.trim() !== "" ? "success" : "none"}
              >
                <Input value={name} onChange={(_, data) => update({ name: data.value })} style={{ maxWidth: 480 }} />
              </Field>
              <Field
                label="Assessment group"
                required
                hint="Pick an existing group, or type the name of a new one. Non-technical actions count once per group."
              >
                <Combobox
                  freeform
                  value={group}
                  selectedOptions={[group]}
                  onChange={(e) => update({ group: e.target.value })}
                  onOptionSelect={(_, data) => data.optionText !== undefined && update({ group: data.optionText })}
                  style={{ maxWidth: 480 }}
                >
                  {(groups.state === "ready" && groups.data.length > 0 ? groups.data : [DEFAULT_GROUP]).map((g) => (
                    <Option key={g}>{g}</Option>
                  ))}
                </Combobox>
              </Field>
            </>
          )}
          {step === 2 && (
            <SelectServices
              supported={supported}
              selected={services}
              change={(next) => update({ services: next })}
              names={names}
              instances={instances}
            />
          )}
          {step === 3 && (
            <ServiceInstances
              services={services}
              names={names}
              instances={instances}
              unticked={unticked}
              change={(next) => update({ unticked: next })}
              addNew={addNew}
            />
          )}
          {step === 4 && template && (
            <>
              <Review
                template={template}
                name={name.trim()}
                group={group.trim()}
                services={services.map((s) => names[s] ?? s)}
                instances={chosen.map((i) => i.name)}
                edit={go}
              />
              {creating.error && (
                <MessageBar intent="error" layout="multiline">
                  <MessageBarBody>{sentence(creating.error)}</MessageBarBody>
                </MessageBar>
              )}
            </>
          )}
        </div>
        <WizardFooter
          step={step}
          last={step === STEPS.length - 1}
          blocked={blocked[step] ?? null}
          go={go}
          finish={{ label: "Create assessment", busy: creating.busy || !template, run: create }}
          entered={entered}
          discard={{ title: "Discard this assessment?", body: "Nothing was created yet; what you chose is not kept.", leave }}
        />
      </section>
    </div>
  );
}
