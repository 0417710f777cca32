import { Button, Checkbox, Dropdown, makeStyles, Option, SearchBox, Text, tokens } from "@fluentui/react-components";
import { FilterDismissRegular } from "@fluentui/react-icons";
import { useNavigate, useSearch } from "@tanstack/react-router";
import type { ActionSort } from "../../bindings/ActionSort";
import type { AssessmentPage } from "../../bindings/AssessmentPage";
import type { TestStatus } from "../../bindings/TestStatus";
import { EmptyState } from "../../components/EmptyState";
import { Loading } from "../../components/Loading";
import { testStatusLabel } from "../../components/StatusBadge";
import type { AssessmentSearch } from "../../router";
import { useCommand } from "../../useCommand";
import { useServiceNames } from "../../useServiceNames";
import { ActionTable, PAGE_SIZE } from "./ActionTable";
import { hasFilters, queryOf } from "./actionFilters";

const useStyles = makeStyles({
  bar: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS, alignItems: "center", paddingBottom: tokens.spacingVerticalM },
  filter: { minWidth: "150px" },
  count: { marginLeft: "auto", color: tokens.colorNeutralForeground2, fontVariantNumeric: "tabular-nums" },
});

const statuses: TestStatus[] = [
  "failed_high_risk",
  "failed_medium_risk",
  "failed_low_risk",
  "could_not_be_determined",
  "to_be_determined",
  "partially_tested",
  "in_progress",
  "not_assessed",
  "none",
  "passed",
  "out_of_scope",
];

/** A filter drop-down whose empty choice means "any". */
function Filter(props: { label: string; value?: string; options: [string, string][]; onChange: (value?: string) => void }) {
  const styles = useStyles();
  const selected = props.options.find(([v]) => v === props.value);
  return (
    <Dropdown
      className={styles.filter}
      aria-label={props.label}
      placeholder={`${props.label}: any`}
      value={selected ? `${props.label}: ${selected[1]}` : ""}
      selectedOptions={props.value ? [props.value] : []}
      onOptionSelect={(_, data) => props.onChange(data.optionValue || undefined)}
    >
      <Option value="" text={`${props.label}: any`}>
        Any
      </Option>
      {props.options.map(([value, label]) => (
        <Option key={value} value={value} text={label}>
          {label}
        </Option>
      ))}
    </Dropdown>
  );
}

export function ActionsTab({ page }: { page: AssessmentPage }) {
  const styles = useStyles();
  const search = useSearch({ from: "/assessments/$assessment" });
  const navigate = useNavigate({ from: "/assessments/$assessment" });
  const set = (change: Partial<AssessmentSearch>) =>
    void navigate({ search: (old) => ({ ...old, ...change, tab: "actions" }), replace: true });
  const query = queryOf(search);
  const assessment = page.summary.uid;
  const [first] = useCommand("list_assessment_actions", { assessment, query: { ...query, offset: 0, limit: PAGE_SIZE } });
  const services = [...new Set(page.instances.map((i) => i.service))];
  const serviceName = useServiceNames();
  const sortBy = (sort: ActionSort) => set({ sort, desc: query.sort === sort ? !query.descending || undefined : undefined });
  return (
    <>
      <div className={styles.bar} role="search" aria-label="Filter improvement actions">
        <SearchBox
          aria-label="Search actions"
          placeholder="Search actions"
          value={search.q ?? ""}
          onChange={(_, data) => set({ q: data.value || undefined })}
        />
        <Filter label="Status" value={search.status} options={statuses.map((s) => [s, testStatusLabel(s)])} onChange={(status) => set({ status })} />
        <Filter
          label="Type"
          value={search.type}
          options={[
            ["technical", "Technical"],
            ["documentation", "Documentation"],
            ["operational", "Operational"],
          ]}
          onChange={(type) => set({ type })}
        />
        {services.length > 0 && (
          <Filter label="Service" value={search.service} options={services.map((s) => [s, serviceName(s)])} onChange={(service) => set({ service })} />
        )}
        {page.instances.length > 0 && (
          <Filter label="Instance" value={search.instance} options={page.instances.map((i) => [i.uid, i.name])} onChange={(instance) => set({ instance })} />
        )}
        {first.state === "ready" && first.data.assignees.length > 0 && (
          <Filter label="Assigned to" value={search.assignee} options={first.data.assignees.map((a) => [a, a])} onChange={(assignee) => set({ assignee })} />
        )}
        <Checkbox label="Needs review" checked={search.review ?? false} onChange={(_, data) => set({ review: data.checked === true || undefined })} />
        {hasFilters(search) && (
          <Button appearance="subtle" onClick={() => set({ q: undefined, status: undefined, type: undefined, service: undefined, instance: undefined, assignee: undefined, review: undefined })}>
            Clear filters
          </Button>
        )}
        {first.state === "ready" && (
          <Text className={styles.count} aria-live="polite">
            {first.data.total === page.action_count
              ? `${page.action_count.toLocaleString("en")} actions`
              : `${first.data.total.toLocaleString("en")} of ${page.action_count.toLocaleString("en")} actions`}
          </Text>
        )}
      </div>
      <Loading loaded={first} what="improvement actions">
        {(data) =>
          data.total === 0 ? (
            <EmptyState
              icon={<FilterDismissRegular />}
              title="No action matches"
              body="No improvement action of this assessment matches the filters."
              action={{ label: "Clear filters", onClick: () => set({ q: undefined, status: undefined, type: undefined, service: undefined, instance: undefined, assignee: undefined, review: undefined }) }}
            />
          ) : (
            <ActionTable assessment={assessment} query={query} total={data.total} onSort={sortBy} />
          )
        }
      </Loading>
    </>
  );
}
