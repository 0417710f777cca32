import { createTableColumn, TableCellLayout, Tooltip, type TableColumnDefinition } from "@fluentui/react-components";
import { TaskListSquareLtrRegular } from "@fluentui/react-icons";
import type { ActionRow } from "../bindings/ActionRow";
import type { ImplementationType } from "../bindings/ImplementationType";
import { EmptyState } from "../components/EmptyState";
import { Grid } from "../components/Grid";
import { Loading } from "../components/Loading";
import { PageHeader } from "../components/PageHeader";
import { TestStatusBadge } from "../components/StatusBadge";
import { points } from "../format";
import { usePageNavigate } from "../navigation";
import { useCommand } from "../useCommand";

const typeLabels: Record<ImplementationType, string> = {
  technical: "Technical",
  documentation: "Documentation",
  operational: "Operational",
};

const right = { marginLeft: "auto", fontVariantNumeric: "tabular-nums" } as const;

const columns: TableColumnDefinition<ActionRow>[] = [
  createTableColumn({
    columnId: "title",
    compare: (a, b) => a.title.localeCompare(b.title),
    renderHeaderCell: () => "Improvement action",
    renderCell: (r) => <TableCellLayout truncate>{r.title}</TableCellLayout>,
  }),
  createTableColumn({
    columnId: "assessment",
    compare: (a, b) => a.assessment.localeCompare(b.assessment),
    renderHeaderCell: () => "Assessment",
    renderCell: (r) => <TableCellLayout truncate>{r.assessment}</TableCellLayout>,
  }),
  createTableColumn({
    columnId: "type",
    compare: (a, b) => a.implementation_type.localeCompare(b.implementation_type),
    renderHeaderCell: () => "Type",
    renderCell: (r) => typeLabels[r.implementation_type] + (r.service_name ? ` (${r.service_name})` : ""),
  }),
  createTableColumn({
    columnId: "points",
    compare: (a, b) => a.possible - a.achieved - (b.possible - b.achieved),
    renderHeaderCell: () => <span style={right}>Points achieved</span>,
    renderCell: (r) => <span style={right}>{`${points(r.achieved)} / ${points(r.possible)}`}</span>,
  }),
  createTableColumn({
    columnId: "outcome",
    compare: (a, b) => a.status.localeCompare(b.status),
    renderHeaderCell: () => "Status",
    renderCell: (r) => (
      <Tooltip content={r.explanation} relationship="description">
        <span>
          <TestStatusBadge status={r.status} />
        </span>
      </Tooltip>
    ),
  }),
];

export function ImprovementActions() {
  const navigate = usePageNavigate();
  const [rows] = useCommand("list_improvement_actions", {});
  return (
    <>
      <PageHeader
        title="Improvement actions"
        description="What to implement and test, in every assessment, with the points each earns and why."
      />
      <Loading loaded={rows} what="improvement actions">
        {(items) =>
          items.length === 0 ? (
            <EmptyState
              icon={<TaskListSquareLtrRegular />}
              title="No improvement actions yet"
              body="Improvement actions come from the templates your assessments use. Technical actions are tested automatically from connector data; the others you test and document yourself."
              action={{ label: "Open Data connectors", onClick: () => navigate("connectors") }}
            />
          ) : (
            <Grid
              label="Improvement actions"
              items={items}
              columns={columns}
              weights={{ title: 2.4, assessment: 1.3, type: 1.3, points: 1, outcome: 1 }}
              rowId={(r) => `${r.assessment_id}:${r.action_id}`}
            />
          )
        }
      </Loading>
    </>
  );
}
