// Moved to ../shared/charts/downsample (shared with the Run details panel).
export * from '../shared/charts/downsample';
