import { Module } from '@nestjs/common';
import { ReadYourWrites } from '../conventions/read-your-writes.js';
import { TrainingCommandsController } from './training-commands.controller.js';
import { TrainingStatisticsController } from './training-statistics.controller.js';
import { IssueCertificateHandler, RecordTrainingHandler, RevokeCertificateHandler } from './training.commands.js';

/** Training (培训) and special-operations certificates (特种作业操作证): the commands and the training figures. */
@Module({
  controllers: [TrainingCommandsController, TrainingStatisticsController],
  providers: [RecordTrainingHandler, IssueCertificateHandler, RevokeCertificateHandler, ReadYourWrites],
})
export class TrainingModule {}
