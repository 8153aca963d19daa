/** Injection tokens of the providers `CoreModule` makes. */
export const CONFIG = Symbol('ZhibenConfig');
export const DATABASE = Symbol('Database');
export const EVENT_STORE = Symbol('EventStore');
export const READ_MODELS = Symbol('ReadModelDataSource');
export const REFERENCE_DATA = Symbol('ReferenceData');
export const PROJECTION_RUNNER = Symbol('ProjectionRunner');
export const DEADLINE_WATCHER = Symbol('DeadlineWatcher');
export const CLOCK = Symbol('Clock');
export const REPORTER_KEK = Symbol('ReporterKek');
/** The sealer of the global order (`Sealer`): runs where the projections run. */
export const SEALER = Symbol('Sealer');
