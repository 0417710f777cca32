import { createTableColumn, Link, makeStyles, TableCellLayout, tokens, type TableColumnDefinition } from "@fluentui/react-components";
import { useNavigate } from "@tanstack/react-router";
import type { AssessmentPage } from "../../bindings/AssessmentPage";
import type { ControlRow } from "../../bindings/ControlRow";
import { Grid } from "../../components/Grid";
import { ControlStatusBadge } from "../../components/StatusBadge";
import { points } from "../../format";

const useStyles = makeStyles({
  actions: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS, paddingBlock: tokens.spacingVerticalXS },
  number: { fontVariantNumeric: "tabular-nums", marginLeft: "auto" },
});

function ControlActions({ row, assessment }: { row: ControlRow; assessment: string }) {
  const styles = useStyles();
  const navigate = useNavigate();
  return (
    <div className={styles.actions}>
      {row.actions.map((a) => (
        <Link
          key={a.uid}
          onClick={(e) => {
            e.stopPropagation();
            void navigate({ to: "/assessments/$assessment/actions/$action", params: { assessment, action: a.uid } });
          }}
        >
          {a.title}
        </Link>
      ))}
    </div>
  );
}

export function ControlsTab({ page }: { page: AssessmentPage }) {
  const styles = useStyles();
  const assessment = page.summary.uid;
  const columns: TableColumnDefinition<ControlRow>[] = [
    createTableColumn({
      columnId: "family",
      compare: (a, b) => a.family.localeCompare(b.family),
      renderHeaderCell: () => "Family",
      renderCell: (c) => <TableCellLayout truncate>{c.family}</TableCellLayout>,
    }),
    createTableColumn({
      columnId: "control",
      compare: (a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }),
      renderHeaderCell: () => "Control",
      renderCell: (c) => <TableCellLayout truncate description={c.title}>{c.name}</TableCellLayout>,
    }),
    createTableColumn({
      columnId: "status",
      compare: (a, b) => a.status.localeCompare(b.status),
      renderHeaderCell: () => "Status",
      renderCell: (c) => <ControlStatusBadge status={c.status} />,
    }),
    createTableColumn({
      columnId: "points",
      compare: (a, b) => a.achieved - b.achieved,
      renderHeaderCell: () => <span className={styles.number}>Points</span>,
      renderCell: (c) => <span className={styles.number}>{`${points(c.achieved)} / ${points(c.possible)}`}</span>,
    }),
    createTableColumn({
      columnId: "actions",
      renderHeaderCell: () => "Improvement actions",
      renderCell: (c) => <ControlActions row={c} assessment={assessment} />,
    }),
  ];
  return (
    <Grid
      label="Controls"
      items={page.controls}
      columns={columns}
      weights={{ family: 1.2, control: 1.6, status: 0.9, points: 0.8, actions: 2.4 }}
      rowId={(c) => `${c.family}/${c.name}`}
    />
  );
}
