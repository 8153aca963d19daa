export * from './handle-command.js';
export * from './reporter-identity/envelope-crypto.js';
