// Moved to ../shared/charts/theme (shared with the Run details panel).
export * from '../shared/charts/theme';
