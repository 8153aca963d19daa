export * from './parked-events.schema.js';
export * from './park-event.js';
export * from './reference-check.js';
export * from './list-parked-events.js';
export * from './retry-parked.js';
