// The Improvement actions table: only the rows in view exist in the page, and the
// Rust side sends them a page at a time, so 10,000 actions scroll as smoothly as 10.
import { Badge, makeStyles, Text, tokens } from "@fluentui/react-components";
import { ArrowSortDown16Regular, ArrowSortUp16Regular } from "@fluentui/react-icons";
import { useQueries } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useRef } from "react";
import type { ActionListRow } from "../../bindings/ActionListRow";
import type { ActionQuery } from "../../bindings/ActionQuery";
import type { ActionSort } from "../../bindings/ActionSort";
import { TestStatusBadge } from "../../components/StatusBadge";
import { points } from "../../format";
import { call } from "../../ipc";
import { commandKey } from "../../useCommand";
import { useServiceNames } from "../../useServiceNames";

export const PAGE_SIZE = 100;
const ROW_HEIGHT = 48;

const useStyles = makeStyles({
  table: { display: "flex", flexDirection: "column", border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium },
  row: {
    display: "grid",
    gridTemplateColumns: "minmax(160px, 3fr) minmax(90px, 1fr) minmax(70px, 0.8fr) minmax(150px, 1.6fr) minmax(60px, 0.6fr) minmax(70px, 0.7fr)",
    alignItems: "center",
    gap: tokens.spacingHorizontalM,
    paddingInline: tokens.spacingHorizontalM,
    boxSizing: "border-box",
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  header: { height: "40px", fontWeight: tokens.fontWeightSemibold, backgroundColor: tokens.colorNeutralBackground2 },
  body: { overflowY: "auto", height: "max(280px, calc(100vh - 470px))", position: "relative" },
  bodyRow: {
    position: "absolute",
    left: 0,
    right: 0,
    height: `${ROW_HEIGHT}px`,
    cursor: "pointer",
    ":hover": { backgroundColor: tokens.colorNeutralBackground1Hover },
    ":focus-visible": { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`, outlineOffset: "-2px" },
  },
  sort: {
    border: "none",
    backgroundColor: "transparent",
    padding: 0,
    font: "inherit",
    color: "inherit",
    cursor: "pointer",
    display: "inline-flex",
    alignItems: "center",
    gap: tokens.spacingHorizontalXS,
    ":focus-visible": { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}` },
  },
  title: { display: "flex", flexDirection: "column", minWidth: 0 },
  muted: { color: tokens.colorNeutralForeground2 },
  status: { display: "flex", gap: tokens.spacingHorizontalXS, flexWrap: "wrap" },
  number: { fontVariantNumeric: "tabular-nums", textAlign: "end" },
});

const typeLabels: Record<string, string> = { technical: "Technical", documentation: "Documentation", operational: "Operational" };

function Cells({ row }: { row: ActionListRow }) {
  const styles = useStyles();
  const serviceName = useServiceNames();
  return (
    <>
      <span role="cell" className={styles.title}>
        <Text truncate wrap={false} title={row.title}>
          {row.title}
        </Text>
        {row.assignees.length > 0 && (
          <Text size={200} className={styles.muted} truncate wrap={false}>
            Assigned to {row.assignees.join(", ")}
          </Text>
        )}
      </span>
      <span role="cell">{typeLabels[row.implementation_type]}</span>
      <span role="cell">{serviceName(row.service)}</span>
      <span role="cell" className={styles.status}>
        <TestStatusBadge status={row.status} />
        {row.needs_review && (
          <Badge appearance="tint" color="warning" shape="rounded">
            Review
          </Badge>
        )}
        {row.overridden && !row.needs_review && (
          <Badge appearance="outline" color="informative" shape="rounded">
            Overridden
          </Badge>
        )}
        {row.stale && (
          <Badge appearance="tint" color="severe" shape="rounded">
            Stale
          </Badge>
        )}
      </span>
      <span role="cell" className={styles.number}>
        {row.implementation_type === "technical" ? `${row.passed} / ${row.in_scope}` : "—"}
      </span>
      <span role="cell" className={styles.number}>
        {`${points(row.achieved)} / ${points(row.possible)}`}
      </span>
    </>
  );
}

const columns: { label: string; sort?: ActionSort; end?: boolean }[] = [
  { label: "Improvement action", sort: "title" },
  { label: "Type", sort: "type" },
  { label: "Service", sort: "service" },
  { label: "Status", sort: "status" },
  { label: "Instances passed", end: true },
  { label: "Points", sort: "points", end: true },
];

export function ActionTable(props: {
  assessment: string;
  query: Omit<ActionQuery, "offset" | "limit">;
  total: number;
  onSort: (sort: ActionSort) => void;
}) {
  const styles = useStyles();
  const navigate = useNavigate();
  const scroller = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read during render by design
  const virtualizer = useVirtualizer({
    count: props.total,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const pages = [...new Set(items.map((i) => Math.floor(i.index / PAGE_SIZE)))];
  const answers = useQueries({
    queries: pages.map((page) => {
      const args = { assessment: props.assessment, query: { ...props.query, offset: page * PAGE_SIZE, limit: PAGE_SIZE } };
      return { queryKey: commandKey("list_assessment_actions", args), queryFn: () => call("list_assessment_actions", args) };
    }),
  });
  const rowAt = (index: number): ActionListRow | undefined => {
    const slot = pages.indexOf(Math.floor(index / PAGE_SIZE));
    return answers[slot]?.data?.rows[index % PAGE_SIZE];
  };
  const open = (row: ActionListRow) =>
    void navigate({ to: "/assessments/$assessment/actions/$action", params: { assessment: props.assessment, action: row.uid } });
  return (
    <div role="table" aria-label="Improvement actions" aria-rowcount={props.total + 1} className={styles.table}>
      <div role="rowgroup">
        <div role="row" aria-rowindex={1} className={`${styles.row} ${styles.header}`}>
          {columns.map((c) => {
            const active = c.sort !== undefined && props.query.sort === c.sort;
            return (
              <span
                key={c.label}
                role="columnheader"
                aria-sort={active ? (props.query.descending ? "descending" : "ascending") : undefined}
                className={c.end ? styles.number : undefined}
              >
                {c.sort ? (
                  <button type="button" className={styles.sort} onClick={() => props.onSort(c.sort as ActionSort)}>
                    {c.label}
                    {active && (props.query.descending ? <ArrowSortUp16Regular /> : <ArrowSortDown16Regular />)}
                  </button>
                ) : (
                  c.label
                )}
              </span>
            );
          })}
        </div>
      </div>
      <div role="rowgroup" ref={scroller} className={styles.body} tabIndex={-1}>
        <div style={{ height: `${virtualizer.getTotalSize()}px` }}>
          {items.map((item) => {
            const row = rowAt(item.index);
            return (
              <div
                key={item.key}
                role="row"
                aria-rowindex={item.index + 2}
                tabIndex={row ? 0 : -1}
                className={`${styles.row} ${styles.bodyRow}`}
                style={{ transform: `translateY(${item.start}px)` }}
                onClick={row && (() => open(row))}
                onKeyDown={row && ((e) => e.key === "Enter" && open(row))}
              >
                {row ? (
                  <Cells row={row} />
                ) : (
                  <span role="cell" className={styles.muted}>
                    Loading…
                  </span>
                )}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
