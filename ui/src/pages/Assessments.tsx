import {
  createTableColumn,
  Button,
  makeStyles,
  ProgressBar,
  TableCellLayout,
  Tooltip,
  type TableColumnDefinition,
} from "@fluentui/react-components";
import { Add20Regular, ClipboardTaskListLtrRegular } from "@fluentui/react-icons";
import { useNavigate } from "@tanstack/react-router";
import type { AssessmentSummary } from "../bindings/AssessmentSummary";
import { EmptyState } from "../components/EmptyState";
import { Grid } from "../components/Grid";
import { Loading } from "../components/Loading";
import { PageHeader } from "../components/PageHeader";
import { AssessmentStatusBadge } from "../components/StatusBadge";
import { localDateTime, percent, points, withTimeZone } from "../format";
import { usePageNavigate } from "../navigation";
import { useCommand } from "../useCommand";
import { ImportTemplate } from "./assessments/ImportTemplate";

const useStyles = makeStyles({
  number: { fontVariantNumeric: "tabular-nums", marginLeft: "auto" },
  progress: { minWidth: "80px" },
});

function Right(props: { children: string }) {
  const styles = useStyles();
  return <span className={styles.number}>{props.children}</span>;
}

const columns: TableColumnDefinition<AssessmentSummary>[] = [
  createTableColumn({
    columnId: "name",
    compare: (a, b) => a.name.localeCompare(b.name),
    renderHeaderCell: () => "Assessment",
    renderCell: (a) => <TableCellLayout truncate>{a.name}</TableCellLayout>,
  }),
  createTableColumn({
    columnId: "template",
    compare: (a, b) => a.template.localeCompare(b.template),
    renderHeaderCell: () => "Template",
    renderCell: (a) => (
      <TableCellLayout truncate description={a.update_available ? "Template update available" : undefined}>
        {a.template}
      </TableCellLayout>
    ),
  }),
  createTableColumn({
    columnId: "group",
    compare: (a, b) => a.group.localeCompare(b.group),
    renderHeaderCell: () => "Group",
    renderCell: (a) => <TableCellLayout truncate>{a.group}</TableCellLayout>,
  }),
  createTableColumn({
    columnId: "instances",
    renderHeaderCell: () => "Service instances",
    renderCell: (a) => <TableCellLayout truncate>{a.instances.join(", ") || "—"}</TableCellLayout>,
  }),
  createTableColumn({
    columnId: "score",
    compare: (a, b) => a.score - b.score,
    renderHeaderCell: () => <Right>Score</Right>,
    renderCell: (a) => (
      <Right>{`${percent(a.score)} (${points(a.points.achieved)} / ${points(a.points.possible)})`}</Right>
    ),
  }),
  createTableColumn({
    columnId: "status",
    compare: (a, b) => a.status.localeCompare(b.status),
    renderHeaderCell: () => "Status",
    renderCell: (a) => <AssessmentStatusBadge status={a.status} />,
  }),
  createTableColumn({
    columnId: "progress",
    compare: (a, b) => a.progress - b.progress,
    renderHeaderCell: () => "Progress",
    renderCell: (a) => (
      <Tooltip content={`${percent(a.progress)} of in-scope controls passed`} relationship="description">
        <ProgressBar value={a.progress} thickness="large" aria-label={`Progress ${percent(a.progress)}`} />
      </Tooltip>
    ),
  }),
  createTableColumn({
    columnId: "created",
    compare: (a, b) => a.created_at.localeCompare(b.created_at),
    renderHeaderCell: () => <Right>Created</Right>,
    renderCell: (a) => (
      <Tooltip content={withTimeZone(a.created_at)} relationship="description">
        <span style={{ marginLeft: "auto" }}>{localDateTime(a.created_at)}</span>
      </Tooltip>
    ),
  }),
];

export function Assessments() {
  const navigate = usePageNavigate();
  const route = useNavigate({ from: "/assessments" });
  const [assessments] = useCommand("list_assessments", {});
  const [, reloadTemplates] = useCommand("list_templates", {});
  const open = (a: AssessmentSummary) => void route({ to: "/assessments/$assessment", params: { assessment: a.uid } });
  return (
    <>
      <PageHeader
        title="Assessments"
        description="Each assessment measures service instances against a regulation template and scores what is in place."
        commands={
          <>
            <Button appearance="primary" icon={<Add20Regular />} onClick={() => navigate("new-assessment")}>
              Create assessment
            </Button>
            <ImportTemplate imported={reloadTemplates} />
          </>
        }
      />
      <Loading loaded={assessments} what="assessments">
        {(items) =>
          items.length === 0 ? (
            <EmptyState
              icon={<ClipboardTaskListLtrRegular />}
              title="No assessments yet"
              body="An assessment applies a regulation template (NIST SP 800-53, ISO/IEC 27001, SOC 2, CIS, or your own) to your connected services and tracks every improvement action it needs."
              action={{ label: "Create assessment", onClick: () => navigate("new-assessment") }}
            />
          ) : (
            <Grid
              label="Assessments"
              items={items}
              columns={columns}
              weights={{ name: 1.6, template: 1.5, group: 1.1, instances: 1.6, score: 1.2, status: 1.1, progress: 1, created: 1.3 }}
              rowId={(a) => a.uid}
              onOpen={open}
            />
          )
        }
      </Loading>
    </>
  );
}
