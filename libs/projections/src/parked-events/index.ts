export * from './parked-events.schema.js';
export * from './park-event.js';
