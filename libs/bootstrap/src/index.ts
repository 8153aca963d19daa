export * from './config.js';
export * from './tokens.js';
export * from './core.module.js';
export * from './reporter-kek.js';
export * from './abuse-limits.js';
export * from './jwt-key.js';
