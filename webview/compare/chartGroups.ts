// Moved to ../shared/charts/chartGroups (shared with the Run details panel).
export * from '../shared/charts/chartGroups';
