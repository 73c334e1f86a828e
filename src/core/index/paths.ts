// Moved to src/core/sources/paths.ts.
export { isInside } from '../sources/paths';
