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
  onOpen?: (item: T) => void;
}) {
  const { onOpen } = props;
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
        <DataGridRow>{({ renderHeaderCell }) => <DataGridHeaderCell>{renderHeaderCell()}</DataGridHeaderCell>}</DataGridRow>
      </DataGridHeader>
      <DataGridBody<T>>
        {({ item, rowId }) => (
          <DataGridRow<T>
            key={rowId}
            onClick={onOpen && (() => onOpen(item))}
            onKeyDown={onOpen && ((e: React.KeyboardEvent) => e.key === "Enter" && onOpen(item))}
            style={onOpen ? { cursor: "pointer" } : undefined}
          >
            {({ renderCell }) => <DataGridCell>{renderCell(item)}</DataGridCell>}
          </DataGridRow>
        )}
      </DataGridBody>
    </DataGrid>
  );
}
