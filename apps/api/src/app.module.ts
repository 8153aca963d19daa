import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AuthModule } from '#auth';
import { CoreModule, type ZhibenConfig } from '#bootstrap';
import { AccidentModule } from './accident/accident.module.js';
import { AdminModule } from './admin/admin.module.js';
import { AuditModule } from './audit/audit.module.js';
import { AsOfModule } from './as-of/as-of.module.js';
import { DrillModule } from './drill/drill.module.js';
import { RescueModule } from './rescue/rescue.module.js';
import { EngineeringModule } from './engineering/engineering.module.js';
import { EnterpriseModule } from './enterprise/enterprise.module.js';
import { EventStreamsModule } from './event-streams/event-streams.module.js';
import { HazardModule } from './hazard/hazard.module.js';
import { HealthModule } from './health/health.module.js';
import { PublicityModule } from './publicity/publicity.module.js';
import { KeyTaskModule } from './key-task/key-task.module.js';
import { ReportModule } from './report/report.module.js';
import { ReferenceModule } from './reference/reference.module.js';
import { SelfInspectionModule } from './self-inspection/self-inspection.module.js';
import { StatisticsModule } from './statistics/statistics.module.js';
import { SupervisionModule } from './supervision/supervision.module.js';
import { TargetsModule } from './targets/targets.module.js';
import { TrainingModule } from './training/training.module.js';

/** The HTTP app: one module per feature over the shared core. */
@Module({})
export class AppModule {
  static forRoot(config: ZhibenConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config),
        CqrsModule.forRoot(),
        AuthModule.forRoot(config),
        AsOfModule,
        HealthModule,
        ReferenceModule,
        EnterpriseModule,
        HazardModule,
        DrillModule,
        RescueModule,
        EngineeringModule,
        TrainingModule,
        SelfInspectionModule,
        StatisticsModule,
        SupervisionModule,
        AccidentModule,
        AuditModule,
        AdminModule,
        EventStreamsModule,
        PublicityModule,
        KeyTaskModule,
        TargetsModule,
        ReportModule,
      ],
    };
  }
}
