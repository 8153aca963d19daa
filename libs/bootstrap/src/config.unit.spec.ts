import { DEFAULT_POOL_SIZE, loadConfig } from './config.js';

describe('loadConfig: DATABASE_POOL_SIZE and DATABASE_APPLICATION_NAME', () => {
  it('defaults to a small pool of DEFAULT_POOL_SIZE connections named zhiben', () => {
    const config = loadConfig({});
    expect(DEFAULT_POOL_SIZE).toBe(5);
    expect(config.databasePoolSize).toBe(5);
    expect(config.databaseApplicationName).toBe('zhiben');
  });

  it('reads a pool size and a name from the environment', () => {
    const config = loadConfig({ DATABASE_POOL_SIZE: '3', DATABASE_APPLICATION_NAME: 'zhiben-api-2' });
    expect(config.databasePoolSize).toBe(3);
    expect(config.databaseApplicationName).toBe('zhiben-api-2');
    expect(loadConfig({ DATABASE_POOL_SIZE: '' }).databasePoolSize).toBe(5);
  });

  it.each([
    ['0', 'invalid configuration: DATABASE_POOL_SIZE (must be at least 2: start-up migrates on one connection while holding a lock on another)'],
    ['1', 'invalid configuration: DATABASE_POOL_SIZE (must be at least 2: start-up migrates on one connection while holding a lock on another)'],
    ['-3', 'invalid configuration: DATABASE_POOL_SIZE (must be at least 2: start-up migrates on one connection while holding a lock on another)'],
    ['101', "invalid configuration: DATABASE_POOL_SIZE (must be at most 100: PostgreSQL's default max_connections is 100 for every process together)"],
    ['five', 'invalid configuration: DATABASE_POOL_SIZE (DATABASE_POOL_SIZE must be a whole number of connections from 2 to 100)'],
    ['2.5', 'invalid configuration: DATABASE_POOL_SIZE (DATABASE_POOL_SIZE must be a whole number of connections from 2 to 100)'],
  ])('refuses DATABASE_POOL_SIZE=%s with one message naming the variable', (value, message) => {
    expect(() => loadConfig({ DATABASE_POOL_SIZE: value })).toThrow(new Error(message));
    expect(() => loadConfig({ DATABASE_POOL_SIZE: value })).toThrow(/^invalid configuration: DATABASE_POOL_SIZE/);
  });

  it('refuses an application name PostgreSQL would cut or mangle', () => {
    expect(() => loadConfig({ DATABASE_APPLICATION_NAME: 'x'.repeat(64) })).toThrow(/DATABASE_APPLICATION_NAME must be 1 to 63 printable ASCII characters/);
    expect(() => loadConfig({ DATABASE_APPLICATION_NAME: '治本' })).toThrow(/DATABASE_APPLICATION_NAME/);
  });
});
