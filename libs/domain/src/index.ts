/**
 * The pure domain of Zhiben: deciders (decide / evolve / initialState) over plain command and event
 * unions, and the helpers they judge with. Imports no framework, driver or client.
 */
export * from './core/actor.js';
export * from './core/authorization.js';
export * from './core/cst.js';
export * from './core/decider.js';
export * from './core/domain-error.js';
export * from './core/time.js';

export * from './enterprise/enterprise.commands.js';
export * from './enterprise/enterprise.decider.js';
export * from './enterprise/enterprise.events.js';
export * from './enterprise/enterprise.occurred-at.js';
export * from './enterprise/enterprise.state.js';
export * from './enterprise/uscc.js';

export * from './hazard/hazard.commands.js';
export * from './hazard/hazard.decider.js';
export * from './hazard/hazard.events.js';
export * from './hazard/hazard.occurred-at.js';
export * from './hazard/hazard.state.js';

export * from './accident/accident.commands.js';
export * from './accident/accident.decider.js';
export * from './accident/accident.events.js';
export * from './accident/accident.grade.js';
export * from './accident/accident.occurred-at.js';
export * from './accident/accident.state.js';
export * from './drill/drill.commands.js';
export * from './drill/drill.decider.js';
export * from './drill/drill.events.js';
export * from './drill/drill.occurred-at.js';
export * from './drill/drill.state.js';
export * from './rescue/rescue.commands.js';
export * from './rescue/rescue.decider.js';
export * from './rescue/rescue.events.js';
export * from './rescue/rescue.occurred-at.js';
export * from './rescue/rescue.state.js';
export * from './publicity/publicity.commands.js';
export * from './publicity/publicity.decider.js';
export * from './publicity/publicity.events.js';
export * from './publicity/publicity.occurred-at.js';
export * from './publicity/publicity.state.js';

export * from './training/training.commands.js';
export * from './training/training.decider.js';
export * from './training/training.events.js';
export * from './training/training.occurred-at.js';
export * from './training/training.state.js';

export * from './self-inspection/self-inspection.commands.js';
export * from './self-inspection/self-inspection.decider.js';
export * from './self-inspection/self-inspection.events.js';
export * from './self-inspection/self-inspection.occurred-at.js';
export * from './self-inspection/self-inspection.state.js';

export * from './supervision/supervision.commands.js';
export * from './supervision/supervision.decider.js';
export * from './supervision/supervision.events.js';
export * from './supervision/supervision.occurred-at.js';
export * from './supervision/supervision.state.js';

export * from './engineering/engineering.commands.js';
export * from './engineering/engineering.decider.js';
export * from './engineering/engineering.events.js';
export * from './engineering/engineering.occurred-at.js';
export * from './engineering/engineering.state.js';

export * from './report/report.commands.js';
export * from './report/report.decider.js';
export * from './report/report.events.js';
export * from './report/report.occurred-at.js';
export * from './report/report.reward.js';
export * from './report/report.state.js';

export * from './key-task/key-task.commands.js';
export * from './key-task/key-task.deadline.js';
export * from './key-task/key-task.decider.js';
export * from './key-task/key-task.events.js';
export * from './key-task/key-task.lead-units.js';
export * from './key-task/key-task.occurred-at.js';
export * from './key-task/key-task.state.js';
