import { flexRender, getCoreRowModel, useReactTable, type ColumnDef } from "@tanstack/react-table";

/**
 * A plain table over rows the loader already filtered and paged on the
 * server; TanStack only lays out the columns.
 */
export function DataTable<T>({ data, columns, caption }: { data: T[]; columns: ColumnDef<T, unknown>[]; caption?: string }) {
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack's table instance is not memo-safe by design
  const table = useReactTable({ data, columns, getCoreRowModel: getCoreRowModel() });
  return (
    <table className="data-table">
      {caption ? <caption>{caption}</caption> : null}
      <thead>
        {table.getHeaderGroups().map((group) => (
          <tr key={group.id}>
            {group.headers.map((header) => (
              <th key={header.id} scope="col">{header.isPlaceholder ? null : flexRender(header.column.columnDef.header, header.getContext())}</th>
            ))}
          </tr>
        ))}
      </thead>
      <tbody>
        {table.getRowModel().rows.map((row) => (
          <tr key={row.id}>
            {row.getVisibleCells().map((cell) => <td key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</td>)}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Previous/next links that keep the other query parameters. */
export function Pager({ total, limit, offset, search }: { total: number; limit: number; offset: number; search: string }) {
  const link = (to: number) => {
    const params = new URLSearchParams(search);
    params.set("offset", String(to));
    return `?${params.toString()}`;
  };
  return (
    <nav className="pager" aria-label="pages">
      {offset > 0 ? <a href={link(Math.max(0, offset - limit))} rel="prev">←</a> : <span />}
      <span>{total === 0 ? "0" : `${offset + 1}–${Math.min(offset + limit, total)} / ${total}`}</span>
      {offset + limit < total ? <a href={link(offset + limit)} rel="next">→</a> : <span />}
    </nav>
  );
}
