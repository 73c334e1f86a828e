// Moved to ../shared/charts/chartBounds (shared with the Run details panel).
export * from '../shared/charts/chartBounds';
