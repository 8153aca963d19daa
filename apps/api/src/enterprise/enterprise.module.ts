import { Module } from '@nestjs/common';
import { CloseEnterpriseHandler } from './close-enterprise.command.js';
import { EnterpriseController } from './enterprise.controller.js';
import { EnterpriseLifecycleController } from './enterprise-lifecycle.controller.js';
import { EstablishResponsibilitySystemHandler } from './establish-responsibility-system.command.js';
import { GradeStandardizationHandler } from './grade-standardization.command.js';
import { RegisterEnterpriseHandler } from './register-enterprise.command.js';
import { StandardizationStatisticsController } from './standardization-statistics.controller.js';
import { ReadYourWrites } from '../conventions/read-your-writes.js';

/**
 * The enterprise register: RegisterEnterprise, GradeStandardization, EstablishResponsibilitySystem,
 * CloseEnterprise, the profile read model and the standardization figures.
 */
@Module({
  controllers: [EnterpriseController, EnterpriseLifecycleController, StandardizationStatisticsController],
  providers: [RegisterEnterpriseHandler, GradeStandardizationHandler, EstablishResponsibilitySystemHandler, CloseEnterpriseHandler, ReadYourWrites],
})
export class EnterpriseModule {}
