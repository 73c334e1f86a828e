// Moved to ../shared/charts/seriesStore (shared with the Run details panel).
export * from '../shared/charts/seriesStore';
