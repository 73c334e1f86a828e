// The snapshot the Runs Table host posts: the table model plus what the toolbar shows. Pure.
import { buildTableModel, columnLabel, type TableInput } from './model';
import type { TableScope, TableSnapshot } from './protocol';

export interface SnapshotInput extends TableInput {
  scope: TableScope;
  scopeLabel: string;
  filterText: string;
  filterError: string | null;
  widths: Record<string, number>;
  checkedCount: number;
  indexing: boolean;
}

export function buildTableSnapshot(input: SnapshotInput): TableSnapshot {
  const model = buildTableModel(input);
  return {
    type: 'snapshot',
    scope: input.scope,
    scopeLabel: input.scopeLabel,
    filter: input.filterText,
    filterError: input.filterError,
    sort: input.sort,
    sortLabel: input.sort ? columnLabel(input.sort.column, input.attributeLabel) : null,
    columns: model.columns,
    defaultColumns: model.defaultColumns,
    widths: input.widths,
    stores: model.stores,
    rows: model.rows,
    totalRuns: model.totalRuns,
    checkedCount: input.checkedCount,
    indexing: input.indexing,
  };
}
