import { Module } from '@nestjs/common';
import { ReadYourWrites } from '../conventions/read-your-writes.js';
import { ReadReporterIdentityHandler } from './read-reporter-identity.command.js';
import { ReceiveReportHandler } from './receive-report.command.js';
import { ReportCommandsController } from './report-commands.controller.js';
import { ReportLifecycleHandler } from './report-lifecycle.command.js';
import { ReportQueriesController } from './report-queries.controller.js';
import { ReportStatisticsController } from './report-statistics.controller.js';
import { ReporterKeys } from './reporter-keys.repository.js';

/** Whistle-blower reports (举报): receipt, verification, reward, the confidential identity, one report's state, the report figures. */
@Module({
  controllers: [ReportCommandsController, ReportQueriesController, ReportStatisticsController],
  providers: [ReceiveReportHandler, ReportLifecycleHandler, ReadReporterIdentityHandler, ReporterKeys, ReadYourWrites],
})
export class ReportModule {}
