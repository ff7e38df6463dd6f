/** A table's header row: one column title each (an empty title for a column of buttons). */
export const TableHead = ({ cols }: { cols: readonly string[] }) => (
  <thead>
    <tr>
      {cols.map((c, i) => (
        // Titles may repeat or be empty: the position is the column.
        <th key={`${i}-${c}`}>{c}</th>
      ))}
    </tr>
  </thead>
);
