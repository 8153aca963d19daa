export * from './config.js';
export * from './tokens.js';
export * from './core.module.js';
export * from './reporter-kek.js';
