import {
  DataGrid,
  DataGridBody,
  DataGridCell,
  DataGridHeader,
  DataGridHeaderCell,
  DataGridRow,
  type TableColumnDefinition,
} from "@fluentui/react-components";

/** A sortable grid; a row opens its details on click or Enter. */
export function Grid<T>(props: {
  label: string;
  items: T[];
  columns: TableColumnDefinition<T>[];
  rowId: (item: T) => string;
  /** Relative column widths by column id (1 when absent); the grid fills the page. */
  weights?: Record<string, number>;
  onOpen?: (item: T) => void;
}) {
  const { onOpen } = props;
  const flex = (columnId: string | number) => ({ flex: `${props.weights?.[columnId] ?? 1} 1 0` });
  return (
    <DataGrid
      aria-label={props.label}
      items={props.items}
      columns={props.columns}
      getRowId={props.rowId}
      sortable
      focusMode="composite"
    >
      <DataGridHeader>
        <DataGridRow>{({ renderHeaderCell, columnId }) => (
            <DataGridHeaderCell style={flex(columnId)}>{renderHeaderCell()}</DataGridHeaderCell>
          )}</DataGridRow>
      </DataGridHeader>
      <DataGridBody<T>>
        {({ item, rowId }) => (
          <DataGridRow<T>
            key={rowId}
            onClick={onOpen && (() => onOpen(item))}
            onKeyDown={onOpen && ((e: React.KeyboardEvent) => e.key === "Enter" && onOpen(item))}
            style={onOpen ? { cursor: "pointer" } : undefined}
          >
            {({ renderCell, columnId }) => <DataGridCell style={flex(columnId)}>{renderCell(item)}</DataGridCell>}
          </DataGridRow>
        )}
      </DataGridBody>
    </DataGrid>
  );
}
