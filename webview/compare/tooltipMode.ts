// Moved to ../shared/charts/tooltipMode (shared with the Run details panel).
export * from '../shared/charts/tooltipMode';
