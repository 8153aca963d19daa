export * from './as-of-replay.js';
export * from './as-of-views.js';
export * from './read-model-snapshots.js';
export * from './scratch-read-models.js';
export * from './read-model-versioning.js';
