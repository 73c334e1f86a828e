// Moved to src/core/sources/dvcExperiments/storeEntries.ts (the DVC and DVCLive sources); kept
// for the modules and tests that import it from here.
export * from '../sources/dvcExperiments/storeEntries';
