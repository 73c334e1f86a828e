export { findLogCalls } from './detect';
export type { LogCall, LogCallScan, LogKind, LogLibrary, SourcePosition, SourceRange } from './types';
