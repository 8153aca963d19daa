import { assertTestDatabase, createDatabase } from './create-database.js';
import { PgDatabase } from './pg-database.js';

describe('assertTestDatabase', () => {
  it('accepts a database whose name contains "test" and returns the name', () => {
    expect(assertTestDatabase('postgres://postgres@127.0.0.1:5432/zhiben_test')).toBe('zhiben_test');
    expect(assertTestDatabase('postgresql://u:p@h/TEST_db?sslmode=disable')).toBe('TEST_db');
  });

  it('refuses any other database, and unparsable URLs', () => {
    expect(() => assertTestDatabase('postgres://postgres@127.0.0.1:5432/zhiben')).toThrow('does not contain "test"');
    expect(() => assertTestDatabase('postgres://postgres@127.0.0.1:5432/')).toThrow('does not contain "test"');
    expect(() => assertTestDatabase('not a url')).toThrow('cannot be parsed');
  });
});

describe('createDatabase', () => {
  it('uses the server when a URL is given (connecting lazily)', async () => {
    const db = createDatabase({ databaseUrl: 'postgres://nobody@127.0.0.1:1/zhiben_test', dataDir: './ignored' });
    expect(db).toBeInstanceOf(PgDatabase);
    expect(db.kind).toBe('postgres');
    await db.close();
  });
});
