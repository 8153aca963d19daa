/**
 * `zhiben import hazards <file>`: imports a district's hazard ledger (隐患台账, CSV in UTF-8 or
 * GB18030, or XLSX) through the HTTP API of a running instance, and reports rows imported and rows
 * rejected with line, column and reason. See import/run-import.ts.
 */
import { Command, InvalidArgumentError } from 'commander';
import { runImport, type ImportOptions } from './import/run-import.js';
import { cliToken } from './local-token.js';
import { err } from './output.js';

/** The `import` command with its `hazards` sub-command, ready to add to the program. */
export function importCommand(): Command {
  const hazards = new Command('hazards')
    .description(
      'import a hazard ledger (CSV or XLSX; columns 隐患编号, 单位名称, 统一社会信用代码, 所属区县, 行业领域, 隐患等级, 隐患描述, 发现日期, ' +
        '整改期限, 整改完成日期, 销号日期 …): each row becomes the events it implies, dated by the row; a rejected row sends nothing, ' +
        'a re-run appends nothing new. Exit code 0 when every row is accepted, 1 when some row is rejected, 2 when the file or the API is unusable',
    )
    .argument('<file>', 'the ledger: .csv (UTF-8 or GB18030) or .xlsx')
    .option('--url <url>', 'base URL of the running API', 'http://localhost:3000')
    .option('--batch <n>', 'rows sent per batch', parsePositiveInteger, 100)
    .option('--concurrency <n>', 'rows in flight at once within a batch', parsePositiveInteger, 8)
    .option('--report <json-file>', 'also write the report as JSON to this file')
    .option('--sheet <name-or-number>', 'XLSX: the worksheet to read (default: the first with rows)')
    .option('--token <token>', 'bearer token (default: a city_admin token signed with the local key, as `npm run cli -- token` makes)')
    .action(async (file: string, options: Omit<ImportOptions, 'file'>) => {
      let token: string;
      try {
        token = await cliToken(options.token);
      } catch (e) {
        err(`no token: ${e instanceof Error ? e.message : String(e)}`);
        process.exitCode = 2;
        return;
      }
      process.exitCode = (await runImport({ ...options, file, token })).exitCode;
    });
  return new Command('import').description('import records kept elsewhere (district ledgers)').addCommand(hazards);
}

function parsePositiveInteger(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError('must be a positive integer');
  return Number(value);
}
