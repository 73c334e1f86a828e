// Number and time formatting for axes, tooltips and table cells: shared with the Run details
// panel's charts (../shared/charts/format).
export { formatDuration, formatValue, formatWallTime, formatX, matchesFilter } from '../shared/charts/format';
