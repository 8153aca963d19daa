import type { Projection } from './runner/projection.js';
import { HazardLedgerProjection } from './hazard-ledger/hazard-ledger.projection.js';
import { HazardFiguresProjection } from './hazard-figures/hazard-figures.projection.js';
import { EnterpriseProfileProjection } from './enterprise-profile/enterprise-profile.projection.js';
import { AccidentRegisterProjection } from './accident-register/accident-register.projection.js';
import { DrillFiguresProjection } from './drill-figures/drill-figures.projection.js';
import { RescueFiguresProjection } from './rescue-figures/rescue-figures.projection.js';
import { EngineeringFiguresProjection } from './engineering-figures/engineering-figures.projection.js';
import { StandardizationFiguresProjection } from './standardization-figures/standardization-figures.projection.js';
import { TrainingFiguresProjection } from './training-figures/training-figures.projection.js';
import { EnforcementFiguresProjection } from './enforcement-figures/enforcement-figures.projection.js';
import { InspectionFiguresProjection } from './inspection-figures/inspection-figures.projection.js';
import { PublicityFiguresProjection } from './publicity-figures/publicity-figures.projection.js';
import { KeyTaskProgressProjection } from './key-task-progress/key-task-progress.projection.js';
import { ReportRegisterProjection } from './report-register/report-register.projection.js';

/** Every projection the worker runs. */
export function allProjections(): Projection[] {
  return [new EnterpriseProfileProjection(), new HazardLedgerProjection(), new HazardFiguresProjection(), new DrillFiguresProjection(), new TrainingFiguresProjection(), new AccidentRegisterProjection(), new StandardizationFiguresProjection(), new EnforcementFiguresProjection(), new InspectionFiguresProjection(), new RescueFiguresProjection(), new PublicityFiguresProjection(), new EngineeringFiguresProjection(), new ReportRegisterProjection(), new KeyTaskProgressProjection()];
}
